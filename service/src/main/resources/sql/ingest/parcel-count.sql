-- Whether the parcel layer has any rows (the sample-city bootstrap loads only into an empty city).
SELECT EXISTS (SELECT 1 FROM parcel)
