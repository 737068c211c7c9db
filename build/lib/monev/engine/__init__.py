"""Engine: capaian, predikat, roll-ups, budget, trends, cross-sector, follow-up, data quality.

Pure functions over DataFrames; no file is read and nothing is drawn here.
"""
