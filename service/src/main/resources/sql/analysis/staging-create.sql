-- The run's results are built here first; readers keep seeing parcel_result until the commit.
CREATE TEMP TABLE result_staging (LIKE parcel_result INCLUDING DEFAULTS) ON COMMIT DROP
