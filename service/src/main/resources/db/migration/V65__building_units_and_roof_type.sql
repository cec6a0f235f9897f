-- BAG verblijfsobjecten as the layer 'units' (table building_unit), and the roof type 3D BAG gives
-- a building. A unit is a point with its use(s) and usable floor area, linked to its building by
-- the BAG pand id; the analysis takes a building's use mix and floor area from its units when it
-- has any (V66). Declared by nl.infill.layers.Layer like every layer table.

ALTER TABLE building ADD COLUMN roof_type text;   -- 3D BAG dak_type: slanted, horizontal, multiple horizontal, ...
COMMENT ON COLUMN building.roof_type IS '3D BAG roof type (dak_type / b3_dak_type), e.g. slanted, horizontal';

CREATE TABLE building_unit (
    id                 bigserial PRIMARY KEY,
    source_id          text,                  -- BAG verblijfsobject identificatie (16 digits)
    building_source_id text,                  -- BAG pand identificatie of the building it lies in (16 digits)
    use                text,                  -- Infill uses of its gebruiksdoelen, comma-separated: wonen or wonen,kantoor
    usable_area_m2     double precision CHECK (usable_area_m2 >= 0),  -- BAG oppervlakte (gebruiksoppervlakte, NEN 2580)
    status             text,                  -- BAG status, e.g. 'Verblijfsobject in gebruik'
    geom               geometry(Point, 28992) NOT NULL,
    load_id            bigint REFERENCES load_history (id)
);
CREATE INDEX building_unit_geom_idx ON building_unit USING gist (geom);
CREATE INDEX building_unit_building_idx ON building_unit (building_source_id);

INSERT INTO layer_state (layer) VALUES ('units') ON CONFLICT DO NOTHING;

-- The whitelist of the owner-rights bulk swap functions (V52), now with building_unit.
CREATE OR REPLACE FUNCTION infill_require_layer_table(p_table text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_temp AS $$
BEGIN
  IF p_table IS NULL OR p_table NOT IN ('parcel', 'building', 'zoning', 'amenity', 'neighbourhood', 'street',
                                        'constraint_area', 'building_unit') THEN
    RAISE EXCEPTION 'not a layer table: %', p_table USING ERRCODE = '42501';
  END IF;
END
$$;

-- What GeoServer may read (V40): the units, and the buildings with their roof type.
CREATE OR REPLACE VIEW publish.buildings AS
SELECT id, source_id, construction_year, (construction_year / 10) * 10 AS construction_decade,
       use, storeys, height_m, floor_area_m2, status, monument, geom, roof_type
  FROM public.building;

CREATE VIEW publish.units AS
SELECT id, source_id, building_source_id, use, usable_area_m2, status, geom FROM public.building_unit;

GRANT SELECT ON publish.buildings, publish.units TO infill_publish;
