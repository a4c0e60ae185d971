# Node build: the headless tools, the same core code as the browser over PGlite in Node.
# C++ awaits PGlite (in a worker thread) through EM_ASYNC_JS + ASYNCIFY. SINGLE_FILE embeds the wasm in the .js,
# because Emscripten 3.1.6's Node loader would otherwise try fetch() on a file path.
file(GLOB PGPLAY_NODE_SOURCES CONFIGURE_DEPENDS src/node/*.cpp)
list(FILTER PGPLAY_NODE_SOURCES EXCLUDE REGEX ".*_main\\.cpp$")
add_library(pgplay_node STATIC ${PGPLAY_NODE_SOURCES})
target_link_libraries(pgplay_node PUBLIC pgplay_core)

set(PGPLAY_NODE_LINK_OPTIONS
  -sENVIRONMENT=node -sASYNCIFY=1 -sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2147483648
  -sNODERAWFS=1 -sEXIT_RUNTIME=1
  "-sASYNCIFY_IMPORTS=['pgplay_node_wait','pgplay_node_shutdown']"
  --pre-js ${CMAKE_SOURCE_DIR}/src/node/node_env.pre.js)

# One executable per src/node/<tool>_main.cpp.
file(GLOB PGPLAY_NODE_MAINS CONFIGURE_DEPENDS src/node/*_main.cpp)
foreach(main ${PGPLAY_NODE_MAINS})
  get_filename_component(tool ${main} NAME_WE)
  string(REGEX REPLACE "_main$" "" tool ${tool})
  add_executable(${tool} ${main})
  target_link_libraries(${tool} PRIVATE pgplay_node)
  set_target_properties(${tool} PROPERTIES SUFFIX ".cjs" OUTPUT_NAME ${tool})
  target_link_options(${tool} PRIVATE ${PGPLAY_NODE_LINK_OPTIONS})
  set_target_properties(${tool} PROPERTIES LINK_DEPENDS ${CMAKE_SOURCE_DIR}/src/node/node_env.pre.js)
endforeach()
