"""Sphinx configuration of the offline book of the executed lessons (tools/book.py builds it).

Everything a page needs is in the build folder: Furo's styles and scripts, Sphinx's search (its index
is a script, searchindex.js, so search works from file://), and MathJax 3 with its TeX fonts
(sphinx-mathjax-offline copies them into _static/mathjax). No page loads anything from a network.
"""

project = "nnkit lessons"
author = "nnkit"
copyright = "nnkit's authors"  # noqa: A001 - Sphinx's name for it
extensions = ["myst_nb", "sphinx.ext.mathjax", "sphinx-mathjax-offline"]

# The lessons are executed by make lessons (or committed executed): render their outputs as they are.
nb_execution_mode = "off"
nb_merge_streams = True
# Widget views need a live kernel and JavaScript from a CDN; the book shows the outputs' text instead.
nb_ipywidgets_js = {}
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "nnkit lessons"
html_copy_source = False  # no _sources/ folder: nothing links to it
html_show_sourcelink = False
# A search result's summary is fetched with fetch(), which browsers refuse from file://: titles only.
html_show_search_summary = False
html_last_updated_fmt = None
html_permalinks_icon = "#"

exclude_patterns = ["_build"]
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header", "misc.highlighting_failure"]
