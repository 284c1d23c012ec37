# Every dependency is a Debian package found with find_package: nothing is downloaded.
find_package(CLI11 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(fmt REQUIRED)
find_package(doctest REQUIRED)
find_package(Threads REQUIRED) # the loader reads and parses files on every core
