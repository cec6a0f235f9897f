SELECT analysis.build_network(:gridM)
