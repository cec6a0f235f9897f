-- The analysis results as other features read them (features, tiles, publishing). The analysis
-- feature owns these tables and may add columns in its own migrations (V20-V29), never rename.

CREATE TABLE scenario (
    id               bigserial PRIMARY KEY,
    slug             text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,39}$'),  -- used in collection ids and view names
    name             text NOT NULL,
    description      text,
    weights          jsonb NOT NULL,
    params           jsonb NOT NULL,
    is_default       boolean NOT NULL DEFAULT false,
    results_version  bigint NOT NULL DEFAULT 0,   -- bumped in the transaction that commits a run's results
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX scenario_one_default ON scenario (is_default) WHERE is_default;

CREATE TABLE analysis_run (
    id            bigserial PRIMARY KEY,
    scenario_id   bigint NOT NULL REFERENCES scenario (id) ON DELETE CASCADE,
    status        text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    stage         text,
    percent       integer NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    summary       jsonb,
    error         text,
    data_version  text,            -- layer versions the run computed on
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);
CREATE INDEX analysis_run_scenario_idx ON analysis_run (scenario_id, started_at DESC);

-- No foreign key to parcel: a layer swap must stay cheap; results of parcels that no longer
-- exist simply stop joining (parcel ids are never reused) and the next run removes them.
CREATE TABLE parcel_result (
    scenario_id             bigint NOT NULL REFERENCES scenario (id) ON DELETE CASCADE,
    parcel_id               bigint NOT NULL,
    run_id                  bigint NOT NULL,
    existing_floor_area_m2  double precision NOT NULL,
    allowed_floor_area_m2   double precision,          -- null when the parcel has no zoning
    capacity_m2             double precision NOT NULL,
    extra_dwellings         double precision NOT NULL,
    score                   double precision,          -- 0..100, null when excluded
    score_class             smallint CHECK (score_class BETWEEN 1 AND 5),  -- 5 = highest potential
    excluded                boolean NOT NULL DEFAULT false,
    exclusion_reason        text,
    no_zoning               boolean NOT NULL DEFAULT false,
    distance_method         text NOT NULL DEFAULT 'network' CHECK (distance_method IN ('network', 'straight_line')),
    contributions           jsonb NOT NULL DEFAULT '[]'::jsonb,  -- [{criterion, raw, scaled, weight, contribution, sentence}]
    -- walking distances (m) to the nearest amenity of each type, for maps and the ageing lens
    walk_gp_m               double precision,
    walk_supermarket_m      double precision,
    walk_pharmacy_m         double precision,
    walk_school_m           double precision,
    walk_pt_m               double precision,
    PRIMARY KEY (scenario_id, parcel_id)
);
CREATE INDEX parcel_result_parcel_idx ON parcel_result (parcel_id);

CREATE TABLE neighbourhood_result (
    scenario_id        bigint NOT NULL REFERENCES scenario (id) ON DELETE CASCADE,
    neighbourhood_id   bigint NOT NULL,
    run_id             bigint NOT NULL,
    parcels            integer NOT NULL,
    capacity_m2        double precision NOT NULL,
    extra_dwellings    double precision NOT NULL,
    mean_score         double precision,
    parcels_per_class  jsonb NOT NULL,           -- {"1": n, ..., "5": n}
    ageing_fit         double precision,         -- capacity near GP+supermarket+transit x 65+ share
    PRIMARY KEY (scenario_id, neighbourhood_id)
);

-- Results with their parcel geometry: what the features, tiles and publishing features read.
CREATE VIEW parcel_result_v AS
SELECT r.*, s.slug AS scenario, p.source_id, p.area_m2, p.geom
  FROM parcel_result r
  JOIN scenario s ON s.id = r.scenario_id
  JOIN parcel p ON p.id = r.parcel_id;

-- Neighbourhood totals with their geometry, for maps of the ageing lens.
CREATE VIEW neighbourhood_result_v AS
SELECT r.*, s.slug AS scenario, n.code, n.name, n.population, n.pop_65plus_pct, n.dwellings, n.geom
  FROM neighbourhood_result r
  JOIN scenario s ON s.id = r.scenario_id
  JOIN neighbourhood n ON n.id = r.neighbourhood_id;
