// The translation unit CMake compiles LibTorch's precompiled header beside (cmake/torch_pch.cmake).
