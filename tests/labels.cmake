# ctest labels beyond the part's name, as gtest filters (docs/testing.md):
#   external  needs something outside the C++ build: the Fashion-MNIST dataset, chromium,
#             python3-torch, ONNX Runtime (build-deps/ort), a PostgreSQL server binary
#   slow      over about 15 s on a 2-core machine
#   timing    asserts on wall-clock behaviour (sleeps, leases, drift), so runs alone:
#             RESOURCE_LOCK keeps `ctest -j` from running two at once
# `ctest -LE external` is the suite a bare C++ toolchain can run; `ctest -L timing -j1` the
# tests a loaded machine may disturb.
set(HWNAS_EXTERNAL_TESTS
  "OnnxRuntime.*:ToolCli.OrtMeasuresOnThisCpuThroughOnnxRuntime:FashionMnistData.*:Supernet.*:HurricaneCli.*"
  ":*ProfileReport.*:ImageFolder.*:OfaImport.*:*TransformedSubnet*:*OfaCheckpoint*:FarmRoles.*:FarmTls.*:FarmWorkers.*"
  ":*/postgresql")
string(REPLACE ";" "" HWNAS_EXTERNAL_TESTS "${HWNAS_EXTERNAL_TESTS}")
set(HWNAS_SLOW_TESTS
  "SpacesEngines.RandomArchitecturesExportAndAgree:Search.LandsAtOrBelowTheTargetAndTheTargetChangesTheArchitecture"
  ":Profiler.MacsEstimatesAgreeWithExactEnumeration:Predictors.TreesAndGruLearnIt:Search.ResumedSearchEndsWhereAnUninterruptedOneEnds"
  ":S3nasCli.SearchScaleTrainAndPruneSeChainThroughTheirFiles")
string(REPLACE ";" "" HWNAS_SLOW_TESTS "${HWNAS_SLOW_TESTS}")
set(HWNAS_TIMING_TESTS
  "Compensation.*:CompensationCli.*:PairedProtocol.*:Protocol.*:MeasureSession.*:MeasureCli.*:Engines.RunTimesAPass")
