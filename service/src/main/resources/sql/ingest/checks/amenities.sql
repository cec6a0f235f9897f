-- Amenities: the type is required and one of the amenity table's types. WHEN branches of the
-- rejection reason in load-layer.sql ({checks}), evaluated in the same pass.
WHEN type IS NULL THEN 'required attribute type is missing'
WHEN type NOT IN ('supermarket', 'gp', 'pharmacy', 'primary_school', 'pt_stop', 'community_care', 'other')
     THEN format('type ''%s'' is not one of supermarket, gp, pharmacy, primary_school, pt_stop, community_care, other', type)
