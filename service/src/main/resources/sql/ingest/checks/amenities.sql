-- Amenities: the type is required and one of the amenity table's types (one scan).
UPDATE ingest_ready
   SET reason = CASE
           WHEN type IS NULL THEN 'required attribute type is missing'
           ELSE format('type ''%s'' is not one of supermarket, gp, pharmacy, primary_school, pt_stop, community_care, other', type)
       END
 WHERE reason IS NULL
   AND (type IS NULL OR type NOT IN ('supermarket', 'gp', 'pharmacy', 'primary_school', 'pt_stop', 'community_care', 'other'))
