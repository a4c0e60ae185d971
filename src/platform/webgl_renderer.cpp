#include "platform/webgl_renderer.h"

#include <GLES3/gl3.h>
#include <emscripten.h>

#include "ui/theme.h"

#include <cstddef>
#include <cstdio>

#include "imgui.h"
#include "shaders.h"   // generated from shaders/*.glsl

namespace pgplay {
namespace {

unsigned compile(GLenum stage, const char* source) {
    unsigned shader = glCreateShader(stage);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[1024];
        glGetShaderInfoLog(shader, sizeof log, nullptr, log);
        std::fprintf(stderr, "pgplay: shader compile failed: %s\n", log);
    }
    return shader;
}

}  // namespace

WebGlRenderer::Init WebGlRenderer::init(const char* canvasSelector) {
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.alpha = false;
    attrs.depth = false;
    attrs.stencil = false;
    attrs.antialias = false;           // ImGui anti-aliases its own shapes
    attrs.preserveDrawingBuffer = true; // frames are drawn on demand; keep the last one on screen
    context_ = emscripten_webgl_create_context(canvasSelector, &attrs);
    if (context_ <= 0) return Init::NoWebGl2;
    emscripten_webgl_make_context_current(context_);

    program_ = glCreateProgram();
    unsigned vs = compile(GL_VERTEX_SHADER, kShader_imgui_vert);
    unsigned fs = compile(GL_FRAGMENT_SHADER, kShader_imgui_frag);
    glAttachShader(program_, vs);
    glAttachShader(program_, fs);
    glLinkProgram(program_);
    glDeleteShader(vs);
    glDeleteShader(fs);
    // A shader the driver refuses shows up here (compile errors included): without this check
    // every draw call fails quietly and the canvas stays black.
    GLint linked = 0;
    glGetProgramiv(program_, GL_LINK_STATUS, &linked);
    if (!linked) {
        char log[1024] = "";
        glGetProgramInfoLog(program_, sizeof log, nullptr, log);
        std::fprintf(stderr, "pgplay: the WebGL2 shader program did not link: %s\n", log);
        glDeleteProgram(program_);
        program_ = 0;
        return Init::ShaderFailed;
    }
    projectionLocation_ = glGetUniformLocation(program_, "u_projection");
    textureLocation_ = glGetUniformLocation(program_, "u_texture");

    glGenVertexArrays(1, &vao_);
    glGenBuffers(1, &vbo_);
    glGenBuffers(1, &ebo_);
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ebo_);
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), (void*)offsetof(ImDrawVert, pos));
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), (void*)offsetof(ImDrawVert, uv));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), (void*)offsetof(ImDrawVert, col));
    glBindVertexArray(0);
    return Init::Ok;
}

void WebGlRenderer::uploadFontAtlas() {
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    if (fontTexture_ == 0) glGenTextures(1, &fontTexture_);
    glBindTexture(GL_TEXTURE_2D, fontTexture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    io.Fonts->SetTexID((ImTextureID)(intptr_t)fontTexture_);
    io.Fonts->ClearTexData();   // the GPU has it now; keep the CPU copy out of the heap
}

void WebGlRenderer::render(ImDrawData* drawData, int fbWidth, int fbHeight) {
    if (fbWidth <= 0 || fbHeight <= 0) return;
    glViewport(0, 0, fbWidth, fbHeight);
    glClearColor(theme::kClearColor.x, theme::kClearColor.y, theme::kClearColor.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (!drawData || drawData->CmdListsCount == 0) return;

    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glEnable(GL_SCISSOR_TEST);

    const float L = drawData->DisplayPos.x, R = L + drawData->DisplaySize.x;
    const float T = drawData->DisplayPos.y, B = T + drawData->DisplaySize.y;
    const float projection[16] = {
        2.0f / (R - L), 0, 0, 0,
        0, 2.0f / (T - B), 0, 0,
        0, 0, -1, 0,
        (R + L) / (L - R), (T + B) / (B - T), 0, 1,
    };
    glUseProgram(program_);
    glUniformMatrix4fv(projectionLocation_, 1, GL_FALSE, projection);
    glUniform1i(textureLocation_, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ebo_);

    const ImVec2 clipOffset = drawData->DisplayPos;
    const ImVec2 clipScale = drawData->FramebufferScale;
    for (int n = 0; n < drawData->CmdListsCount; ++n) {
        const ImDrawList* list = drawData->CmdLists[n];
        glBufferData(GL_ARRAY_BUFFER, list->VtxBuffer.Size * (GLsizeiptr)sizeof(ImDrawVert), list->VtxBuffer.Data,
                     GL_STREAM_DRAW);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, list->IdxBuffer.Size * (GLsizeiptr)sizeof(ImDrawIdx),
                     list->IdxBuffer.Data, GL_STREAM_DRAW);
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) {
                if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
                continue;
            }
            ImVec2 clipMin((cmd.ClipRect.x - clipOffset.x) * clipScale.x, (cmd.ClipRect.y - clipOffset.y) * clipScale.y);
            ImVec2 clipMax((cmd.ClipRect.z - clipOffset.x) * clipScale.x, (cmd.ClipRect.w - clipOffset.y) * clipScale.y);
            if (clipMax.x <= clipMin.x || clipMax.y <= clipMin.y) continue;
            glScissor((int)clipMin.x, (int)(fbHeight - clipMax.y), (int)(clipMax.x - clipMin.x), (int)(clipMax.y - clipMin.y));
            glBindTexture(GL_TEXTURE_2D, (GLuint)(intptr_t)cmd.GetTexID());
            glDrawElements(GL_TRIANGLES, (GLsizei)cmd.ElemCount,
                                    sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                                    (void*)(intptr_t)(cmd.IdxOffset * sizeof(ImDrawIdx)));
            // (VtxOffset: WebGL2 has no base-vertex draw; ImDrawIdx is 32-bit in this build, so
            // ImGui never needs a vertex offset.)
        }
    }
    glDisable(GL_SCISSOR_TEST);
    glBindVertexArray(0);
}

}  // namespace pgplay
