// Looks at a screenshot of the viewer the way a test can: the image's size, how many distinct
// colours it has (a blank or failed frame has one or two), and, inside a rectangle (the map, as
// the viewer's sidecar file gives it), the share of pixels drawn in colours of the map's
// sequential or diverging scale and how many distinct scale colours appear; and how many
// pixels are in the red of error messages.
//
//   png_probe FILE.png [X0 Y0 X1 Y1 [sequential|diverging]]
// prints one line of "key=value" pairs; exit 1 when the file cannot be read.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-function"
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>
#pragma GCC diagnostic pop

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "viz/core/colour_scale.hpp"

namespace {

constexpr int kScaleSamples = 256;  // colours sampled along each scale
constexpr int kTolerance = 6;       // per channel, for blending at triangle edges
// The red of the viewer's error text, ImVec4(0.8, 0.1, 0.1) (kErrorColour in viz/app), as
// the cores of its glyphs are drawn.
constexpr int kErrorRed = 204;
constexpr int kErrorOther = 26;
constexpr int kErrorTolerance = 3;

std::uint32_t key(int r, int g, int b) {
  return static_cast<std::uint32_t>(r) << 16 | static_cast<std::uint32_t>(g) << 8 |
         static_cast<std::uint32_t>(b);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 6 && argc != 7) {
    std::fprintf(stderr, "usage: png_probe FILE.png [X0 Y0 X1 Y1 [sequential|diverging]]\n");
    return 2;
  }
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
  if (!px) {
    std::fprintf(stderr, "png_probe: %s: %s\n", argv[1], stbi_failure_reason());
    return 1;
  }
  std::set<std::uint32_t> all;
  long red = 0;  // pixels in the red of the viewer's error text
  for (long i = 0; i < static_cast<long>(w) * h; ++i) {
    const int r = px[3 * i], g = px[3 * i + 1], b = px[3 * i + 2];
    all.insert(key(r, g, b));
    if (std::abs(r - kErrorRed) <= kErrorTolerance &&
        std::abs(g - kErrorOther) <= kErrorTolerance &&
        std::abs(b - kErrorOther) <= kErrorTolerance) {
      ++red;
    }
  }
  std::printf("width=%d height=%d colours=%zu error_red=%ld", w, h, all.size(), red);
  if (argc >= 6) {
    const std::string mode = argc == 7 ? argv[6] : "";
    const int x0 = std::atoi(argv[2]), y0 = std::atoi(argv[3]);
    const int x1 = std::atoi(argv[4]), y1 = std::atoi(argv[5]);
    std::vector<welfare::viz::Rgba> scale;
    const auto seq = welfare::viz::ColourScale::sequential(0, 1);
    const auto div = welfare::viz::ColourScale::diverging(1);
    for (int i = 0; i <= kScaleSamples; ++i) {
      const double t = static_cast<double>(i) / kScaleSamples;
      if (mode != "diverging") scale.push_back(seq.colour(t));
      if (mode != "sequential") scale.push_back(div.colour(2 * t - 1));
    }
    long total = 0, on_scale = 0;
    std::set<std::uint32_t> scale_colours;
    for (int y = std::max(0, y0); y < std::min(h, y1); ++y) {
      for (int x = std::max(0, x0); x < std::min(w, x1); ++x) {
        const unsigned char* p = px + 3 * (static_cast<long>(y) * w + x);
        ++total;
        for (const auto& c : scale) {
          if (std::abs(p[0] - c.r) <= kTolerance && std::abs(p[1] - c.g) <= kTolerance &&
              std::abs(p[2] - c.b) <= kTolerance) {
            ++on_scale;
            scale_colours.insert(key(p[0], p[1], p[2]));
            break;
          }
        }
      }
    }
    std::printf(" rect_pixels=%ld scale_share=%.3f scale_colours=%zu", total,
                total ? static_cast<double>(on_scale) / static_cast<double>(total) : 0.0,
                scale_colours.size());
  }
  std::printf("\n");
  stbi_image_free(px);
  return 0;
}
