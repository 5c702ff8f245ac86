"""Sample inputs and the demo: coverage exports, the synthetic news site and its layouts.

This folder sits beside the task layer: it may use ``pantau`` and everything below it, and
nothing under ``pantau`` imports it. The ``pantau sample`` command reaches it through the
``pantau.commands`` entry point, so the CLI never imports it by name.
"""
