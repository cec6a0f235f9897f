-- One plan object; its geometry from the GML reader's WKB, in RD.
INSERT INTO imro_stage (idx, gml_id, type, naam, hoofdgroep, shapes, monument, max_height_m, max_coverage,
                        max_storeys, max_dwellings, geom)
VALUES (:idx, :gmlId, :type, :naam, :hoofdgroep, :shapes, :monument, :height, :coverage, :storeys, :dwellings,
        ST_Transform(ST_SetSRID(ST_GeomFromWKB(:wkb), :srid), 28992))
