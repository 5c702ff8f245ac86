"""Pantau's bottom layer: settings, errors and logging.

Every other folder (extractors, transforms, expectations, warehouse, reports, and the task
layer in ``pantau``) may import from here; nothing here imports anything of ours.
"""
