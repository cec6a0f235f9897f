-- Streets: a class is required (walkable defaults to true while mapping). WHEN branch of the
-- rejection reason in load-layer.sql ({checks}), evaluated in the same pass.
WHEN class IS NULL THEN 'required attribute class is missing'
