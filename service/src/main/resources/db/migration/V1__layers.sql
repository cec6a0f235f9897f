-- Infill core schema: the six source layers (plus optional constraint areas), where each row
-- came from, and a version per layer so that analysis and tiles know when data changed.
-- All geometries are stored in EPSG:28992 (RD New, metres); every layer has a GiST index.

CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pgrouting;

-- One row per load attempt, successful or not: the load report users see from CLI and API.
CREATE TABLE load_history (
    id                bigserial PRIMARY KEY,
    layer             text        NOT NULL,
    source_name       text,                  -- file name as given by the user
    source_format     text,                  -- geojson | gpkg
    preset            text,                  -- attribute mapping preset or 'mapping-file'
    source_crs        text,                  -- e.g. EPSG:4326
    status            text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    features_read     integer     NOT NULL DEFAULT 0,
    features_loaded   integer     NOT NULL DEFAULT 0,
    features_repaired integer     NOT NULL DEFAULT 0,
    features_rejected integer     NOT NULL DEFAULT 0,
    rejections        jsonb       NOT NULL DEFAULT '[]'::jsonb,  -- [{index, reason}], capped
    message           text,
    started_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz,
    duration_ms       bigint
);
CREATE INDEX load_history_layer_idx ON load_history (layer, started_at DESC);

-- Data version per layer: bumped in the same transaction that swaps a layer's rows, so that
-- derived results (criteria, tiles, GeoServer caches) can tell exactly when data changed.
CREATE TABLE layer_state (
    layer        text PRIMARY KEY,
    version      bigint      NOT NULL DEFAULT 0,
    last_load_id bigint REFERENCES load_history (id),
    changed_at   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO layer_state (layer) VALUES
    ('parcels'), ('buildings'), ('zoning'), ('amenities'), ('neighbourhoods'), ('streets'), ('constraints');

-- Cadastral parcels (BRK kadastrale percelen).
CREATE TABLE parcel (
    id            bigserial PRIMARY KEY,
    source_id     text,                      -- BRK perceel identification, e.g. ZTM00-A-1234
    municipality  text,                      -- CBS code, e.g. GM0637
    area_m2       double precision NOT NULL, -- planar area in RD; kadastrale grootte when given
    geom          geometry(MultiPolygon, 28992) NOT NULL,
    load_id       bigint REFERENCES load_history (id)
);
CREATE INDEX parcel_geom_idx ON parcel USING gist (geom);
CREATE INDEX parcel_source_idx ON parcel (source_id);

-- Buildings (BAG panden with verblijfsobject use and floor area).
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
    load_id           bigint REFERENCES load_history (id)
);
CREATE INDEX building_geom_idx ON building USING gist (geom);
CREATE INDEX building_source_idx ON building (source_id);

-- Zoning (bestemmingsplan / omgevingsplan enkelbestemming with its building rules).
CREATE TABLE zoning (
    id            bigserial PRIMARY KEY,
    source_id     text,                      -- plan object id
    plan_name     text,
    function      text NOT NULL,             -- wonen, gemengd, centrum, kantoor, bedrijf, maatschappelijk, groen, water, verkeer, sport, ...
    max_height_m  double precision CHECK (max_height_m >= 0),
    max_coverage  double precision CHECK (max_coverage BETWEEN 0 AND 1),  -- bebouwingspercentage / 100
    max_fsi       double precision CHECK (max_fsi >= 0),                  -- floor space index, when the plan sets one
    geom          geometry(MultiPolygon, 28992) NOT NULL,
    load_id       bigint REFERENCES load_history (id)
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
    load_id    bigint REFERENCES load_history (id)
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
    load_id         bigint REFERENCES load_history (id)
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
    load_id    bigint REFERENCES load_history (id)
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
    load_id    bigint REFERENCES load_history (id)
);
CREATE INDEX constraint_area_geom_idx ON constraint_area USING gist (geom);
