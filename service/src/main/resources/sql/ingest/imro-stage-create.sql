-- The objects of an IMRO plan that shape zoning (shapes) or are monuments, in RD, with the values
-- ImroLoad read from them (Maatvoering values already parsed, decimal comma and all). Dropped at
-- the end of the load's transaction.
CREATE TEMP TABLE imro_stage (
    idx          bigint NOT NULL,
    gml_id       text,
    type         text NOT NULL,
    naam         text,
    hoofdgroep   text,
    shapes       boolean NOT NULL,
    monument     boolean NOT NULL,
    max_height_m double precision,
    max_coverage double precision,
    max_storeys  integer,
    max_dwellings integer,
    geom         geometry NOT NULL
) ON COMMIT DROP
