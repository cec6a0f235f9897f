-- The analysis takes a building's gross floor area and use mix from its BAG units (verblijfsobjecten)
-- when it has any: gross = usable x analysis.unit_gross_factor(). Each parcel's criteria keep how
-- many units and how much of its floor area came from them, for the explanation.

ALTER TABLE analysis.parcel_criteria
    ADD COLUMN unit_count integer NOT NULL DEFAULT 0,           -- units of the buildings on the parcel
    ADD COLUMN unit_floor_area_m2 double precision NOT NULL DEFAULT 0;  -- floor area taken from units

CREATE FUNCTION analysis.unit_gross_factor()
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 1.2::double precision
$$;
COMMENT ON FUNCTION analysis.unit_gross_factor() IS
    'Gross floor area (bruto vloeroppervlak, BVO) per m2 of BAG usable area (gebruiksoppervlakte, GO): 1.2. '
    'NEN 2580 GO excludes walls, shafts and shared circulation; for Dutch housing GO/BVO is about 0.8 '
    '(so BVO = GO x 1.2 to 1.25); offices run higher. One figure for every use, documented in docs/analysis.md.';
