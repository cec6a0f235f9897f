DELETE FROM analysis.parcel_criteria WHERE storey_height_m = :storeyHeight
