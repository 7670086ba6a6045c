# The WebAssembly build of the core (configured by `emcmake cmake`, included from CMakeLists.txt).
# Three modules from the same sources:
#   web/dist/csatkit-core.{js,wasm}  the calculator (json_api, embind), loaded by web/core.js
#   web/dist/csatkit-widget.wasm     the survey widget (widget_api only, a plain C ABI and no JS
#                                    glue), loaded by web/widget/core.js; downloaded by every page
#                                    that may show a survey, so it is built for size first (see
#                                    its flags below)
#   web/dist/csatkit-widget-explain.wasm  the same with the sentences that explain a wrong survey
#                                    definition, fetched only for one
# Remember NODE_PATH=/usr/share/nodejs for emcc (scripts/build.sh sets it).
#
# Loading the calculator: its glue is an ES module exporting a factory (createCsatkitCore), built
# for web and worker only. Browsers and workers fetch the .wasm next to the glue
# (instantiateStreaming, served as application/wasm). Node is supported by passing the bytes as
# `wasmBinary` — web/core.js does it — because emscripten 3.1.6's Node branch in an ES module glue
# refers to `__dirname`/`require`, which do not exist there, and its fetch of a file path fails
# under Node's global fetch.

# WebAssembly features past the 1.0 baseline that every browser able to show the widget has
# (Chrome 75, Firefox 79, Safari 15; the widget needs Chrome 91, Firefox 101, Safari 16.4 anyway,
# scripts/bundle-widget.mjs): memcpy/memset become single memory.copy/fill instructions instead of
# libc loops, float→int casts no longer need range checks around a trapping instruction, and
# 8/16-bit sign extension is one instruction. The widget's module: ~450 B gzip smaller.
# Node has had all three since 14.
set(CSATKIT_WASM_FEATURES -mbulk-memory -mnontrapping-fptoint -msign-ext)
# wasm-opt's spelling of the same features, for the passes run after emcc (it cannot tell them
# from the module: emcc strips the target_features section).
set(CSATKIT_WASM_OPT_FEATURES --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext)

# What both modules share: the same core sources and the flags below, each explained once.
function(csatkit_wasm_module target bindings output_name suffix)
  add_executable(${target} ${bindings} ${CSATKIT_CORE_SOURCES})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${output_name}
    SUFFIX ${suffix}
    RUNTIME_OUTPUT_DIRECTORY ${PROJECT_SOURCE_DIR}/web/dist)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src ${CSATKIT_WASM_DEPS})
  # nlohmann/json aborts where it would throw; the core uses only its non-throwing calls.
  target_compile_definitions(${target} PRIVATE JSON_NOEXCEPTION)
  target_compile_options(${target} PRIVATE
    -Oz                  # size over speed: both modules are downloads
    -fno-exceptions      # the core never throws; no unwinding tables or catch support (~20% smaller)
    # emcc adds -fno-inline-functions whenever it sees -Oz, so not even string_view::size() was
    # inlined. Inlining back on: the calculator's CSV scoring ~3× faster and its module ~10 KB
    # smaller (bench/wasm-csv.mjs; -O2 measured no faster and 70% larger); the widget's module
    # 1.3 KB gzip smaller.
    -finline-functions
    ${CSATKIT_WASM_FEATURES})
  # Warnings are the native build's job (-Wall -Wextra -Wpedantic there): one place to keep clean.
  target_link_options(${target} PRIVATE
    -Oz                               # also runs wasm-opt -Oz on the output
    -fno-exceptions
    ${CSATKIT_WASM_FEATURES}
    -sFILESYSTEM=0                    # the core reads no files: drops the virtual file system
    -sMALLOC=emmalloc                 # smaller allocator than dlmalloc; the core allocates little
    -sALLOW_MEMORY_GROWTH=1)          # large CSV files, long comments: never abort on a fixed heap
endfunction()

csatkit_wasm_module(csatkit_core_wasm ${PROJECT_SOURCE_DIR}/src/wasm/bindings.cpp csatkit-core .js)
target_link_options(csatkit_core_wasm PRIVATE
  -sMODULARIZE=1                    # a factory, no global Module: nothing leaks into the host page
  -sEXPORT_NAME=createCsatkitCore
  -sEXPORT_ES6=1                    # `import createCsatkitCore from './dist/csatkit-core.js'`
  -sDYNAMIC_EXECUTION=0             # no eval/new Function in the glue (embind's invokers included): the strict CSP
  --bind                            # embind
  -sENVIRONMENT=web,worker          # no Node branch in the glue (it breaks ES modules, see above)
  -sINCOMING_MODULE_JS_API=wasmBinary,locateFile,instantiateWasm,print,printErr,onAbort  # only the options web/core.js may pass: smaller glue
)

# The widget modules. Separate executables rather than a second binding in the calculator: the
# linker keeps only what widget_api reaches, so statistics, CSV and benchmarks are not downloaded
# by pages that only show a prompt. Their core objects are compiled again (not shared with the
# calculator) because -fno-rtti must apply to all of them. No embind: see widget_bindings.cpp.
# Two builds of the same sources (below): csatkit-widget.wasm, which every page downloads, and
# csatkit-widget-explain.wasm, fetched only to explain a wrong survey definition.
# Built only once the core's widget sources exist, so the rest of the build never waits on it.
function(csatkit_widget_module target output_name)
  csatkit_wasm_module(${target} ${PROJECT_SOURCE_DIR}/src/wasm/widget_bindings.cpp ${output_name} .wasm)
  target_compile_options(${target} PRIVATE
    -fno-rtti           # no type_info tables: the core uses no dynamic_cast/typeid, and without embind nothing else does
    -flto)              # whole-module inlining and dead-code removal across the core's files: ~12 KB (5 KB gzip) less
  # English texts only (locale.cpp): a visitor reads one language, and the runtime fetches its
  # pack (web/dist/locales/<code>.json) when it is another: ~6 KB gzip less for everyone.
  target_compile_definitions(${target} PRIVATE CSATKIT_LOCALES_ENGLISH_ONLY)
  target_link_options(${target} PRIVATE
    -fno-rtti
    -flto                             # see the compile options
    # A .wasm with no JS glue: it exports its functions by name and imports two trivial ones
    # (memory-growth notice, exit on abort), so web/widget/core.js instantiates it in a few lines
    # instead of bundling emscripten's runtime (~3 KB gzip of the prompt's download).
    -sSTANDALONE_WASM=1
    --no-entry                        # a library: _initialize runs the static constructors
    -sINITIAL_MEMORY=1MB              # the default 16 MB would be reserved for nothing; grows on demand
    # The core recurses only as deep as the JSON it is given, capped at kMaxJsonDepth (128,
    # json_text.hpp). Measured (tests/wasm/widget-json-depth.test.mjs paints the stack): reading
    # costs 64 B per level of nesting, copying and writing a value less, and they follow one
    # another rather than add up; the deepest call, a request nested 128 levels deep, peaks at
    # ~11 KB. 64 KB is ~6× that; the test fails if any entry point passes a quarter of it.
    # Wasm has no guard page: an overflow silently overwrites the core's static data (the reader
    # once took 944 B per level, so ~70 levels garbled every later answer).
    -sTOTAL_STACK=64KB
    -sEXPORTED_FUNCTIONS=_malloc,_free  # the C ABI's strings: JS allocates requests, frees answers
  )
  # emcc runs wasm-opt -Oz once; running its passes until nothing shrinks any more saves another
  # ~0.5 KB gzip. wasm-opt comes with emscripten (Debian's binaryen).
  find_program(CSATKIT_WASM_OPT wasm-opt REQUIRED)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CSATKIT_WASM_OPT} -Oz --converge ${CSATKIT_WASM_OPT_FEATURES} $<TARGET_FILE:${target}> -o $<TARGET_FILE:${target}>
    VERBATIM)
endfunction()

if(EXISTS ${PROJECT_SOURCE_DIR}/src/core/widget_api.cpp)
  # What every page that may show a survey downloads: a wrong definition's problems keep their
  # paths but not their sentences (src/core/result.hpp, CSATKIT_EXPLAIN): ~5.5 KB gzip less.
  csatkit_widget_module(csatkit_widget_wasm csatkit-widget)
  target_compile_definitions(csatkit_widget_wasm PRIVATE CSATKIT_UNEXPLAINED_PROBLEMS)
  # The same core with those sentences: the runtime fetches it only for a definition with
  # problems (web/widget/core.js, explainDefinitionError), to say what they are.
  csatkit_widget_module(csatkit_widget_explain_wasm csatkit-widget-explain)
endif()
