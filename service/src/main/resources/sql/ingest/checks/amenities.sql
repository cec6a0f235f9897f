-- Amenities: the type is required and one of the amenity table's types.
UPDATE ingest_ready SET reason = 'required attribute type is missing' WHERE reason IS NULL AND type IS NULL;
UPDATE ingest_ready SET reason = format('type ''%s'' is not one of supermarket, gp, pharmacy, primary_school, pt_stop, community_care, other', type)
 WHERE reason IS NULL AND type NOT IN ('supermarket', 'gp', 'pharmacy', 'primary_school', 'pt_stop', 'community_care', 'other')
