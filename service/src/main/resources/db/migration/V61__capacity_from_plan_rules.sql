-- Capacity from an IMRO plan's rules (docs/imro.md): storeys cap the floors a height allows;
-- outside a Bouwvlak no main building; a Bouwvlak whose height is not on the map leaves its
-- capacity unknown unless a scenario assumes a height; a Maatvoering's dwelling cap.

CREATE FUNCTION analysis.allowed_floor_area(part_m2 double precision, max_fsi double precision,
                                            max_coverage double precision, max_height_m double precision,
                                            storey_height_m double precision, max_storeys integer)
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- as the five-argument form, with the floors a height allows capped by max_storeys; with no
    -- height but a storey count, the storeys alone (least() skips NULLs)
    SELECT coalesce(least(max_fsi * part_m2,
                          max_coverage * part_m2 * least(floor(max_height_m / storey_height_m), max_storeys)), 0)
$$;
COMMENT ON FUNCTION analysis.allowed_floor_area(double precision, double precision, double precision, double precision, double precision, integer) IS
    'Allowed gross floor area on one zone part: min(FSImax x A, coverage x A x min(floor(Hmax / storey height), '
    'max storeys)); a null rule is skipped, a part with no rule at all allows 0.';

-- height_unknown_m2: the footprint area (coverage x part area) of Bouwvlak parts whose height is
--   not on the map and that have no storey count: their floor area is unknown, so the parcel's
--   allowed floor area is unknown unless the scenario assumes a height (assumedHeightM), at
--   scoring time: criteria stay independent of the assumption.
-- dwelling_cap: the homes the plan's 'maximum aantal wooneenheden' allows on the parcel (each
--   Maatvoering's cap shared by area), when every part that allows building has a cap; else null.
ALTER TABLE analysis.parcel_criteria
    ADD COLUMN height_unknown_m2 double precision NOT NULL DEFAULT 0,
    ADD COLUMN dwelling_cap      double precision;
