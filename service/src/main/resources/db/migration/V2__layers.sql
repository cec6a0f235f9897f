-- The source layers (module layers, nl.infill.layers.Layer): one table per layer, filled by ingest,
-- read by every feature. All geometries are in EPSG:28992 (RD New, metres), each with a GiST index.
--
-- load_id names the load_history row of the load that wrote the row, without a foreign key: checked
-- row by row it made a million-row insert take 6.4 s instead of 1.6 s (docs/benchmarks.md,
-- "Loading"), and taking it off for a load and back would lock load_history exclusively for the
-- whole load (dropping a foreign key locks the referenced table). load_id is written by the loader
-- only, always with the id of a load_history row committed before the load's transaction began, and
-- load_history rows are never deleted.

-- The layer whitelist of the database: layer id -> table. The owner-rights bulk-swap functions
-- (V3) accept only these tables, and layer_state gets a row per layer from it. It is the same list
-- as nl.infill.layers.Layer, which LayerWhitelistIT keeps equal; a new layer is a row here and a
-- constant there. Owner-only: the app role could otherwise widen what the owner truncates.
CREATE TABLE layer_table (
    layer       text PRIMARY KEY,        -- Layer.id(): URL segment, CLI argument
    table_name  text NOT NULL UNIQUE     -- Layer.table(): the table below
);
INSERT INTO layer_table (layer, table_name) VALUES
    ('parcels', 'parcel'), ('buildings', 'building'), ('zoning', 'zoning'), ('amenities', 'amenity'),
    ('neighbourhoods', 'neighbourhood'), ('streets', 'street'), ('constraints', 'constraint_area'),
    ('units', 'building_unit');
REVOKE ALL ON layer_table FROM infill_app;
COMMENT ON TABLE layer_table IS
    'The layer tables the owner-rights bulk swap may touch, by layer id; equal to nl.infill.layers.Layer.';

-- Cadastral parcels (BRK kadastrale percelen).
CREATE TABLE parcel (
    id            bigserial PRIMARY KEY,
    source_id     text,                      -- BRK perceel identification, e.g. ZTM00-A-1234
    municipality  text,                      -- CBS code, e.g. GM0637
    area_m2       double precision NOT NULL, -- planar area in RD; kadastrale grootte when given
    geom          geometry(MultiPolygon, 28992) NOT NULL,
    load_id       bigint
);
CREATE INDEX parcel_geom_idx ON parcel USING gist (geom);
CREATE INDEX parcel_source_idx ON parcel (source_id);

-- Buildings (BAG panden with verblijfsobject use and floor area; roof type from 3D BAG).
CREATE TABLE building (
    id                bigserial PRIMARY KEY,
    source_id         text,                  -- BAG pand identificatie (16 digits)
    construction_year integer CHECK (construction_year BETWEEN 1000 AND 2100),
    use               text,                  -- BAG gebruiksdoel: wonen, kantoor, winkel, industrie, ...
    storeys           integer CHECK (storeys >= 0),
    height_m          double precision CHECK (height_m >= 0),
    floor_area_m2     double precision CHECK (floor_area_m2 >= 0),   -- gross floor area when known
    status            text,                  -- BAG status, e.g. 'Pand in gebruik'
    monument          boolean NOT NULL DEFAULT false,
    geom              geometry(MultiPolygon, 28992) NOT NULL,
    load_id           bigint,
    roof_type         text                   -- 3D BAG dak_type: slanted, horizontal, multiple horizontal, ...
);
CREATE INDEX building_geom_idx ON building USING gist (geom);
CREATE INDEX building_source_idx ON building (source_id);
COMMENT ON COLUMN building.roof_type IS '3D BAG roof type (dak_type / b3_dak_type), e.g. slanted, horizontal';

-- Zoning (bestemmingsplan / omgevingsplan enkelbestemming with its building rules). From an IMRO
-- plan (docs/imro.md) a row is a part of the plan's planar partition with, besides the rules:
--   use_name          the Enkelbestemming's naam (Wonen, Centrum - 1, ...); function holds its
--                     bestemmingshoofdgroep
--   building_allowed  true inside a Bouwvlak, false outside (main buildings stand only in
--                     Bouwvlakken); null for zoning that does not say (mapped files)
--   max_storeys       Maatvoering 'maximum aantal bouwlagen'
--   max_dwellings     Maatvoering 'maximum aantal wooneenheden': the cap of the whole Maatvoering
--                     area, repeated on each of its parts
--   height_unknown    a Bouwvlak part whose maximum height is not on the map (it is in the plan's
--                     text): capacity unknown, never 0 or invented
--   imro_ids          the IMRO objects (gml:id) the part's values came from, as a JSON array of
--                     {type, id}
--   rules             the part's rules with their sources, a JSON array of {rule, value, type, id}
CREATE TABLE zoning (
    id               bigserial PRIMARY KEY,
    source_id        text,                   -- plan object id
    plan_name        text,
    function         text NOT NULL,          -- wonen, gemengd, centrum, kantoor, bedrijf, maatschappelijk, groen, water, verkeer, sport, ...
    max_height_m     double precision CHECK (max_height_m >= 0),
    max_coverage     double precision CHECK (max_coverage BETWEEN 0 AND 1),  -- bebouwingspercentage / 100
    max_fsi          double precision CHECK (max_fsi >= 0),                  -- floor space index, when the plan sets one
    geom             geometry(MultiPolygon, 28992) NOT NULL,
    load_id          bigint,
    use_name         text,
    building_allowed boolean,
    max_storeys      integer CHECK (max_storeys >= 0),
    max_dwellings    integer CHECK (max_dwellings >= 0),
    height_unknown   boolean,
    imro_ids         text,
    rules            text
);
CREATE INDEX zoning_geom_idx ON zoning USING gist (geom);

-- Amenities people walk to.
CREATE TABLE amenity (
    id         bigserial PRIMARY KEY,
    source_id  text,
    type       text NOT NULL CHECK (type IN ('supermarket', 'gp', 'pharmacy', 'primary_school',
                                             'pt_stop', 'community_care', 'other')),
    name       text,
    geom       geometry(Point, 28992) NOT NULL,
    load_id    bigint
);
CREATE INDEX amenity_geom_idx ON amenity USING gist (geom);
CREATE INDEX amenity_type_idx ON amenity (type);

-- Neighbourhoods (CBS wijken en buurten) with the figures the ageing lens needs.
CREATE TABLE neighbourhood (
    id              bigserial PRIMARY KEY,
    code            text,                    -- CBS code, e.g. WK063701 or BU06370000
    name            text,
    municipality    text,                    -- GM0637
    year            integer,                 -- year of the key figures (codes are reused between years)
    population      integer CHECK (population >= 0),
    pop_0_14_pct    double precision,
    pop_15_24_pct   double precision,
    pop_25_44_pct   double precision,
    pop_45_64_pct   double precision,
    pop_65plus_pct  double precision CHECK (pop_65plus_pct BETWEEN 0 AND 100),
    dwellings       integer CHECK (dwellings >= 0),
    geom            geometry(MultiPolygon, 28992) NOT NULL,
    load_id         bigint
);
CREATE INDEX neighbourhood_geom_idx ON neighbourhood USING gist (geom);

-- Streets and paths: the walking network.
CREATE TABLE street (
    id         bigserial PRIMARY KEY,
    source_id  text,
    class      text NOT NULL,                -- OpenMapTiles class: path, minor, tertiary, primary, motorway, rail, ...
    name       text,
    walkable   boolean NOT NULL DEFAULT true,
    geom       geometry(LineString, 28992) NOT NULL,
    load_id    bigint
);
CREATE INDEX street_geom_idx ON street USING gist (geom);

-- Optional constraint areas: hard ones mask a parcel (water, protected green, monument
-- protection), soft ones lower its score (noise contour, flood risk, ...).
CREATE TABLE constraint_area (
    id         bigserial PRIMARY KEY,
    source_id  text,
    kind       text NOT NULL,
    severity   text NOT NULL CHECK (severity IN ('hard', 'soft')),
    name       text,
    geom       geometry(MultiPolygon, 28992) NOT NULL,
    load_id    bigint
);
CREATE INDEX constraint_area_geom_idx ON constraint_area USING gist (geom);

-- BAG verblijfsobjecten (layer 'units'): a unit is a point with its use(s) and usable floor area,
-- linked to its building by the BAG pand id; the analysis takes a building's use mix and floor
-- area from its units when it has any.
CREATE TABLE building_unit (
    id                 bigserial PRIMARY KEY,
    source_id          text,                  -- BAG verblijfsobject identificatie (16 digits)
    building_source_id text,                  -- BAG pand identificatie of the building it lies in (16 digits)
    use                text,                  -- Infill uses of its gebruiksdoelen, comma-separated: wonen or wonen,kantoor
    usable_area_m2     double precision CHECK (usable_area_m2 >= 0),  -- BAG oppervlakte (gebruiksoppervlakte, NEN 2580)
    status             text,                  -- BAG status, e.g. 'Verblijfsobject in gebruik'
    geom               geometry(Point, 28992) NOT NULL,
    load_id            bigint
);
CREATE INDEX building_unit_geom_idx ON building_unit USING gist (geom);
CREATE INDEX building_unit_building_idx ON building_unit (building_source_id);

COMMENT ON COLUMN parcel.load_id IS 'The load_history row of the load that wrote this row (written by the loader only; no foreign key, see V2).';
COMMENT ON COLUMN building.load_id IS 'The load_history row of the load that wrote this row (written by the loader only; no foreign key, see V2).';
COMMENT ON COLUMN zoning.load_id IS 'The load_history row of the load that wrote this row (written by the loader only; no foreign key, see V2).';
COMMENT ON COLUMN amenity.load_id IS 'The load_history row of the load that wrote this row (written by the loader only; no foreign key, see V2).';
COMMENT ON COLUMN neighbourhood.load_id IS 'The load_history row of the load that wrote this row (written by the loader only; no foreign key, see V2).';
COMMENT ON COLUMN street.load_id IS 'The load_history row of the load that wrote this row (written by the loader only; no foreign key, see V2).';
COMMENT ON COLUMN constraint_area.load_id IS 'The load_history row of the load that wrote this row (written by the loader only; no foreign key, see V2).';
COMMENT ON COLUMN building_unit.load_id IS 'The load_history row of the load that wrote this row (written by the loader only; no foreign key, see V2).';
