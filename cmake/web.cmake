# Emscripten builds: the browser app (default) or the Node headless tools (-DPGPLAY_NODE=ON).
if(NOT EXISTS "${PGPLAY_IMGUI_DIR}/imgui.cpp" AND NOT PGPLAY_NODE)
  message(FATAL_ERROR "Dear ImGui source not found in ${PGPLAY_IMGUI_DIR}: run scripts/setup.sh")
endif()

# nlohmann_json is header-only, from Debian's package in /usr/include. Emscripten's sysroot does
# not search /usr/include (and must not: native libc headers would win), so expose just it.
find_path(PGPLAY_NLOHMANN_DIR nlohmann/json.hpp PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH NO_DEFAULT_PATH)
if(NOT PGPLAY_NLOHMANN_DIR)
  message(FATAL_ERROR "nlohmann/json.hpp not found: run scripts/setup.sh (package nlohmann-json3-dev)")
endif()
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/thirdparty-include)
file(CREATE_LINK ${PGPLAY_NLOHMANN_DIR}/nlohmann ${CMAKE_BINARY_DIR}/thirdparty-include/nlohmann SYMBOLIC)
target_include_directories(pgplay_core SYSTEM PUBLIC ${CMAKE_BINARY_DIR}/thirdparty-include)

if(PGPLAY_NODE)
  include(cmake/node.cmake)
  return()
endif()

# Dear ImGui itself, as it comes (no backends: pgplay has its own web platform and renderer).
add_library(imgui STATIC
  ${PGPLAY_IMGUI_DIR}/imgui.cpp ${PGPLAY_IMGUI_DIR}/imgui_draw.cpp
  ${PGPLAY_IMGUI_DIR}/imgui_tables.cpp ${PGPLAY_IMGUI_DIR}/imgui_widgets.cpp)
target_include_directories(imgui PUBLIC ${PGPLAY_IMGUI_DIR})
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_DISABLE_OBSOLETE_KEYIO
  IMGUI_USE_WCHAR32 "ImDrawIdx=unsigned int"
  IMGUI_DISABLE_FILE_FUNCTIONS)

# GLSL sources in shaders/ become string constants in a generated header.
set(PGPLAY_SHADER_HEADER ${CMAKE_BINARY_DIR}/generated/shaders.h)
file(GLOB PGPLAY_SHADERS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/shaders/*.glsl)
add_custom_command(OUTPUT ${PGPLAY_SHADER_HEADER}
  COMMAND ${CMAKE_COMMAND} -DOUT=${PGPLAY_SHADER_HEADER} -DSHADER_DIR=${CMAKE_SOURCE_DIR}/shaders
          -P ${CMAKE_SOURCE_DIR}/cmake/embed_shaders.cmake
  DEPENDS ${PGPLAY_SHADERS} ${CMAKE_SOURCE_DIR}/cmake/embed_shaders.cmake)

file(GLOB PGPLAY_UI_SOURCES CONFIGURE_DEPENDS src/ui/*.cpp)
file(GLOB PGPLAY_PLATFORM_SOURCES CONFIGURE_DEPENDS src/platform/*.cpp)
add_executable(pgplay ${PGPLAY_UI_SOURCES} ${PGPLAY_PLATFORM_SOURCES} ${PGPLAY_SHADER_HEADER})
target_include_directories(pgplay PRIVATE src ${CMAKE_BINARY_DIR}/generated)
target_link_libraries(pgplay PRIVATE pgplay_core imgui)
set(PGPLAY_JS_LIBRARY ${CMAKE_SOURCE_DIR}/src/platform/library_pgplay.js)
set_target_properties(pgplay PROPERTIES SUFFIX ".js" LINK_DEPENDS ${PGPLAY_JS_LIBRARY})
target_link_options(pgplay PRIVATE
  --js-library ${PGPLAY_JS_LIBRARY}
  -sENVIRONMENT=web -sMODULARIZE=1 -sEXPORT_NAME=createPgplayModule
  -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=33554432 -sMAXIMUM_MEMORY=2147483648
  -sEXPORTED_RUNTIME_METHODS=UTF8ToString,stringToUTF8,lengthBytesUTF8
  -sEXPORTED_FUNCTIONS=_malloc,_free
  -sNO_EXIT_RUNTIME=1)
