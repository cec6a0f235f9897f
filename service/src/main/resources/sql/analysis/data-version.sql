SELECT analysis.data_version() AS data_version,
       (SELECT version FROM layer_state WHERE layer = 'streets') AS streets_version,
       (SELECT count(*) FROM parcel) AS parcels
