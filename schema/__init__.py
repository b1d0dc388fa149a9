"""The plan schema: Pydantic models and the JSON Schema exported from them.

Import the module needed (``kehoach.schema.models``, ``.export``,
``.categories``): importing the package itself builds nothing, so the
command line can read the plain category list without loading Pydantic.
"""
