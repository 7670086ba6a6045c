# The WebAssembly build of the core (configured by `emcmake cmake`, included from CMakeLists.txt).
# Output: web/dist/csatkit-core.js (an ES module exporting createCsatkitCore) + csatkit-core.wasm,
# loaded by web/core.js. Remember NODE_PATH=/usr/share/nodejs for emcc (scripts/build.sh sets it).
#
# Loading: the glue is built for web and worker only. Browsers and workers fetch the .wasm next
# to the glue (instantiateStreaming, served as application/wasm). Node is supported by passing
# the bytes as `wasmBinary` — web/core.js does it — because emscripten 3.1.6's Node branch in an
# ES module glue refers to `__dirname`/`require`, which do not exist there, and its fetch of a
# file path fails under Node's global fetch.

add_executable(csatkit_core_wasm ${PROJECT_SOURCE_DIR}/src/wasm/bindings.cpp ${CSATKIT_CORE_SOURCES})
set_target_properties(csatkit_core_wasm PROPERTIES
  OUTPUT_NAME csatkit-core
  SUFFIX .js
  RUNTIME_OUTPUT_DIRECTORY ${PROJECT_SOURCE_DIR}/web/dist)
target_include_directories(csatkit_core_wasm PRIVATE ${PROJECT_SOURCE_DIR}/src ${CSATKIT_WASM_DEPS})

target_compile_options(csatkit_core_wasm PRIVATE
  -Oz                  # size over speed: the module is downloaded by every page that shows a survey
  -fno-exceptions      # the core never throws; no unwinding tables or catch support (~20% smaller)
  -DJSON_NOEXCEPTION)  # nlohmann/json aborts where it would throw; the core uses its non-throwing calls
# Warnings are the native build's job (-Wall -Wextra -Wpedantic there): one place to keep clean.

target_link_options(csatkit_core_wasm PRIVATE
  -Oz
  -fno-exceptions
  --bind                            # embind
  -sMODULARIZE=1                    # a factory, no global Module: nothing leaks into the host page
  -sEXPORT_NAME=createCsatkitCore
  -sEXPORT_ES6=1                    # `import createCsatkitCore from './dist/csatkit-core.js'`
  -sENVIRONMENT=web,worker          # no Node branch in the glue (it breaks ES modules, see above)
  -sALLOW_MEMORY_GROWTH=1           # large CSV files and reports must not hit a fixed heap
  -sFILESYSTEM=0                    # the core reads no files: drops the virtual file system
  -sDYNAMIC_EXECUTION=0             # no eval/new Function in embind: works under a CSP without 'unsafe-eval'
  -sMALLOC=emmalloc                 # smaller allocator than dlmalloc; the core allocates little
  -sINCOMING_MODULE_JS_API=wasmBinary,locateFile,instantiateWasm,print,printErr,onAbort  # only the options web/core.js may pass: smaller glue
)
