# AddressSanitizer and UndefinedBehaviorSanitizer for every target, tests included.
option(MESTRING_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(MESTRING_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
