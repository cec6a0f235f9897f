-- Zoning derived from an IMRO bestemmingsplan (docs/imro.md): what a part of the plan's planar
-- partition needs beyond V1's columns, and the plan report of a load.
--   use_name          the Enkelbestemming's naam (Wonen, Centrum - 1, ...); function holds its
--                     bestemmingshoofdgroep
--   building_allowed  true inside a Bouwvlak, false outside (main buildings stand only in
--                     Bouwvlakken); null for zoning that does not say (mapped files)
--   max_storeys       Maatvoering 'maximum aantal bouwlagen'
--   max_dwellings     Maatvoering 'maximum aantal wooneenheden': the cap of the whole Maatvoering
--                     area, repeated on each of its parts (max_dwellings_id names the area)
--   height_unknown    a Bouwvlak part whose maximum height is not on the map (it is in the plan's
--                     text): capacity unknown, never 0 or invented
--   imro_ids          the IMRO objects (gml:id) the part's values came from, as a JSON array of
--                     {type, id}
--   rules             the part's rules with their sources, a JSON array of {rule, value, type, id}
ALTER TABLE zoning
    ADD COLUMN use_name         text,
    ADD COLUMN building_allowed boolean,
    ADD COLUMN max_storeys      integer CHECK (max_storeys >= 0),
    ADD COLUMN max_dwellings    integer CHECK (max_dwellings >= 0),
    ADD COLUMN height_unknown   boolean,
    ADD COLUMN imro_ids         text,
    ADD COLUMN rules            text;

-- A plan load's report per IMRO type (read, used, ignored with the reason, unknown), as JSON.
ALTER TABLE load_history ADD COLUMN plan_report jsonb;
