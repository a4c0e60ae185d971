// Draws ImGui's draw lists with WebGL2. Small enough to own: one shader program (shaders/),
// one vertex and index buffer streamed per frame, one texture for the font atlas.
#pragma once

#include <emscripten/html5.h>

struct ImDrawData;

namespace pgplay {

class WebGlRenderer {
public:
    enum class Init { Ok, NoWebGl2, ShaderFailed };
    Init init(const char* canvasSelector);    // the why of a failure goes to stderr (the console)
    void uploadFontAtlas();                   // after the atlas is (re)built
    void render(ImDrawData* drawData, int framebufferWidth, int framebufferHeight);

private:
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE context_ = 0;
    unsigned program_ = 0, vao_ = 0, vbo_ = 0, ebo_ = 0, fontTexture_ = 0;
    int projectionLocation_ = -1, textureLocation_ = -1;
};

}  // namespace pgplay
