"""Maritime evidence: port visits, voyages and AIS gaps from ship positions.

Stages: :mod:`.ingest` (NMEA, DMA, NOAA, Parquet -> one Parquet layout), :mod:`.clean`,
:mod:`.areas`, :mod:`.detect` (visits, gaps, voyages) on a vectorised engine
(:mod:`.engines.polars_engine`) or Spark (:mod:`.engines.spark_engine`).
"""
