"""Configuration loading: JSON files with comments, merging, overrides, validation."""
from freqtrade.configuration.configuration import Configuration, build_config
from freqtrade.configuration.defaults import apply_defaults
from freqtrade.configuration.load import load_config_file, strip_json_extensions
from freqtrade.configuration.merge import deep_merge, environment_overrides
from freqtrade.configuration.validate import origin_problem, validate_config

__all__ = ["Configuration", "apply_defaults", "build_config", "deep_merge",
           "environment_overrides", "load_config_file", "origin_problem",
           "strip_json_extensions", "validate_config"]
