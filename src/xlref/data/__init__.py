"""The data layer: the dataset's schema, loader, validator and cross-record checks, release arithmetic and the
name index every face (lookup, lint, config, site) reads.  Nothing here imports a face."""
