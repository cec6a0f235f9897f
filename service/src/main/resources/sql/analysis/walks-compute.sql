SELECT analysis.compute_walks(:maxWalkM)
