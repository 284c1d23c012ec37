# `cpack -G DEB`: a Debian package of what cmake --install installs, under
# /usr. Depends is computed by dpkg-shlibdeps (package dpkg-dev) from the
# libraries the binary links: libyaml-cpp0.7, libfmt9, libstdc++6, libc6.
set(CPACK_PACKAGE_NAME mestring)
set(CPACK_PACKAGE_VENDOR "mestring developers")
set(CPACK_PACKAGE_CONTACT "mestring developers <dev@mestring.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "deadlines for coping-guidance cases (Serviceloven §85, §82a, §82b)")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_MAINTAINER "mestring developers <dev@mestring.invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # mestring_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The extended description; CPack puts the summary above it and indents it.
set(CPACK_PACKAGE_DESCRIPTION "mestring keeps coping-guidance cases on time: one YAML file per citizen
course, and the legal and municipal deadlines of each. `mestring check`
reports what was missed (quiet when all is well, for cron), `mestring due`
prints the week's agenda per coach (text, markdown, CSV, JSON, iCalendar),
and `mestring show` one case with its timeline.")

include(CPack)
