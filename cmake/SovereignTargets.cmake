# Project-wide compile settings, applied per target (never through global include paths).

function(sovereign_strict target)
  target_compile_definitions(${target} PRIVATE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
    QT_NO_CAST_FROM_BYTEARRAY QT_NO_FOREACH QT_USE_QSTRINGBUILDER
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_STRICT_ITERATORS
    EIGEN_MPL2_ONLY)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  if(SOVEREIGN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(SOVEREIGN_SANITIZE)
    # -O1, as the sanitizers' own documentation advises: at -O0 the header-only Eigen code (the
    # embedder's fit) runs about a hundred times slower and the GUI import test ran out of time.
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -O1)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# sovereign_add_test(NAME SOURCES a.cpp b.cpp LIBS models pipeline [GUI] [LABELS x] [TIMEOUT s])
# One Qt Test executable per class or feature, registered with CTest. GUI tests run offscreen.
function(sovereign_add_test name)
  cmake_parse_arguments(T "GUI" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE Qt6::Test ${T_LIBS} sovereign_testsupport)
  sovereign_strict(${name})
  add_test(NAME ${name} COMMAND ${name})
  set(env "QT_QPA_PLATFORM=offscreen;SOVEREIGN_TEST_DATA=${CMAKE_SOURCE_DIR}/tests/data;QT_LOGGING_RULES=qt.qpa.*=false")
  if(SOVEREIGN_REQUIRE_TOOLS)
    list(APPEND env "SOVEREIGN_REQUIRE_TOOLS=1")
  endif()
  if(SOVEREIGN_SANITIZE)
    list(APPEND env "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/sanitizers/lsan.supp"
                    "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  if(SOVEREIGN_SANITIZE)
    math(EXPR T_TIMEOUT "${T_TIMEOUT} * 4") # sanitized builds run several times slower
    math(EXPR function_ms "${T_TIMEOUT} * 1000")
    list(APPEND env "QTEST_FUNCTION_TIMEOUT=${function_ms}") # QtTest's own limit per test function (5 min)
  endif()
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS}")
endfunction()
