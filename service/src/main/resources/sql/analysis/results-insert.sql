INSERT INTO parcel_result SELECT * FROM pg_temp.result_staging
