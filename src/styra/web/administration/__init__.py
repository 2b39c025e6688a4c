"""Administration in the browser for controllers and administrators (issue 13, to build 1):
a plan's rounds and their deadlines, users and their roles per unit, the organisation
tree with its cost centres. Server-rendered pages; every write is a service call."""
