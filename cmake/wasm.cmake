# The WebAssembly build of the core (configured by `emcmake cmake`, included from CMakeLists.txt).
# Two modules from the same sources:
#   web/dist/csatkit-core.{js,wasm}    the calculator (json_api), loaded by web/core.js
#   web/dist/csatkit-widget.{js,wasm}  the survey widget (widget_api only), loaded by web/widget/;
#                                      downloaded by every page that may show a survey, so it is
#                                      built for size first (see its flags below)
# Both are ES modules exporting a factory (createCsatkitCore / createCsatkitWidget). Remember NODE_PATH=/usr/share/nodejs for emcc (scripts/build.sh sets it).
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

# The widget module. A separate executable rather than a second binding in the calculator: the
# linker keeps only what widget_api reaches, so statistics, CSV and benchmarks are not downloaded
# by pages that only show a prompt. Its core objects are compiled again (not shared with the
# calculator) because -fno-rtti must apply to all of them. No embind: see widget_bindings.cpp.
# Built only once the core's widget sources exist, so the rest of the build never waits on it.
if(EXISTS ${PROJECT_SOURCE_DIR}/src/core/widget_api.cpp)
  add_executable(csatkit_widget_wasm ${PROJECT_SOURCE_DIR}/src/wasm/widget_bindings.cpp ${CSATKIT_CORE_SOURCES})
  set_target_properties(csatkit_widget_wasm PROPERTIES
    OUTPUT_NAME csatkit-widget
    SUFFIX .js
    RUNTIME_OUTPUT_DIRECTORY ${PROJECT_SOURCE_DIR}/web/dist)
  target_include_directories(csatkit_widget_wasm PRIVATE ${PROJECT_SOURCE_DIR}/src ${CSATKIT_WASM_DEPS})
  target_compile_definitions(csatkit_widget_wasm PRIVATE JSON_NOEXCEPTION)  # as above
  target_compile_options(csatkit_widget_wasm PRIVATE
    -Oz
    -fno-exceptions
    -fno-rtti           # no type_info tables: the core uses no dynamic_cast/typeid, and without embind nothing else does
    -flto)              # whole-module inlining and dead-code removal across the core's files: ~12 KB (5 KB gzip) less
  target_link_options(csatkit_widget_wasm PRIVATE
    -Oz                               # also runs wasm-opt -Oz on the output
    -fno-exceptions
    -fno-rtti
    -flto                             # see the compile options
    -Wl,--wrap=snprintf               # nlohmann's \u escapes go to the integer-only printf (widget_bindings.cpp): no float formatting, ~2.5 KB gzip
    -Wl,--wrap=strtod                 # nlohmann's number reading goes to json_number.hpp: no 128-bit long double arithmetic, ~7 KB gzip
    -sMODULARIZE=1                    # a factory, no global Module: nothing leaks into the host page
    -sEXPORT_NAME=createCsatkitWidget
    -sEXPORT_ES6=1                    # imported by web/widget/core.js
    -sENVIRONMENT=web                 # a host page's main thread only: no worker or Node branches in the glue
    -sFILESYSTEM=0                    # no files: drops the virtual file system
    -sDYNAMIC_EXECUTION=0             # no eval/new Function in the glue: required by the strict CSP
    -sMALLOC=emmalloc                 # smallest allocator; a prompt allocates a few KB
    -sALLOW_MEMORY_GROWTH=1           # a long comment must not abort on a fixed heap
    -sINITIAL_MEMORY=1MB              # the default 16 MB would be reserved for nothing; grows on demand
    -sTOTAL_STACK=64KB                # the core recurses only as deep as the JSON it parses
    -sEXPORTED_FUNCTIONS=_malloc,_free  # the C ABI's strings: JS allocates requests, frees answers
    -sEXPORTED_RUNTIME_METHODS=UTF8ToString,stringToUTF8,lengthBytesUTF8
    -sINCOMING_MODULE_JS_API=wasmBinary,locateFile,instantiateWasm,onAbort  # only what web/widget/core.js passes: smaller glue
  )
  # Closure would shrink the glue further, but Debian's emscripten ships without closure-compiler.
endif()
