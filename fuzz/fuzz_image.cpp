// Image files of an ImageFolder (JPEG, PNG, BMP, PPM/PGM, TIFF, WebP), decoded by OpenCV and
// preprocessed as `supernet eval --data imagefolder:DIR` reads each one (OFA's evaluation transform,
// here at r = 32).
#include "fuzz_input.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/train/image_folder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const hwnas::train::Normalisation imagenet{{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}};
  try {
    hwnas::train::load_eval_image(hwnas::fuzz::as_file(data, size, ".img"), 32, imagenet);
  } catch (const hwnas::InputError&) {
  }
  return 0;
}
