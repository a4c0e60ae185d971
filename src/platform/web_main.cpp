// The browser entry point: ImGui context, fonts, WebGL, and frames drawn only on demand.
//
// A frame is drawn when something asks for one: an input event, a worker reply, a resize, or
// a view that animates (a spinner while PostgreSQL loads). After input, a few more frames let
// ImGui settle hover and layout. With nothing happening no frame is requested, so an idle tab
// (or three embeds on one blog page) costs no CPU.
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>

#include "imgui.h"
#include "imgui_internal.h"
#include "platform/js_bridge.h"
#include "platform/web_platform.h"
#include "platform/webgl_renderer.h"
#include "platform/worker_database.h"
#include "ui/app.h"

namespace pgplay {

WebPlatform& platform() {
    static WebPlatform instance;
    return instance;
}

namespace {

// Font files handed over by the page before start (owned until the atlas is built).
struct FontFile {
    std::string bytes;
};
FontFile g_uiFont, g_monoFont;

constexpr float kUiFontSize = 15.0f;
constexpr float kMonoFontSize = 14.5f;

// Rasterizes the fonts for the current device pixel ratio, so text stays crisp on high-DPI
// screens: glyphs are drawn at size * dpr and scaled back by FontGlobalScale.
void buildFonts(float dpr) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    static const ImWchar ranges[] = {
        0x0020, 0x00FF,  // Basic Latin + Latin-1
        0x0100, 0x024F,  // Latin Extended-A/B
        0x0370, 0x03FF,  // Greek
        0x0400, 0x04FF,  // Cyrillic
        0x2000, 0x206F,  // punctuation (— … “ ”)
        0x2190, 0x21FF,  // arrows
        0x2200, 0x22FF,  // math operators
        0x2500, 0x257F,  // box drawing
        0x25A0, 0x25FF,  // geometric shapes (▶ ▼ ●)
        0x2700, 0x27BF,  // dingbats (✓ ✗)
        0,
    };
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;
    config.OversampleH = 2;
    config.OversampleV = 1;
    Fonts fonts;
    ImFont* fallback = nullptr;
    if (!g_uiFont.bytes.empty()) {
        fonts.ui = io.Fonts->AddFontFromMemoryTTF(g_uiFont.bytes.data(), (int)g_uiFont.bytes.size(),
                                                  std::round(kUiFontSize * dpr), &config, ranges);
    }
    if (!g_monoFont.bytes.empty()) {
        fonts.mono = io.Fonts->AddFontFromMemoryTTF(g_monoFont.bytes.data(), (int)g_monoFont.bytes.size(),
                                                    std::round(kMonoFontSize * dpr), &config, ranges);
    }
    if (!fonts.ui || !fonts.mono) {
        // The font files did not arrive: ImGui's built-in font keeps the UI usable.
        ImFontConfig builtin;
        builtin.SizePixels = std::round(13.0f * dpr);
        fallback = io.Fonts->AddFontDefault(&builtin);
        if (!fonts.ui) fonts.ui = fallback;
        if (!fonts.mono) fonts.mono = fallback;
    }
    io.FontDefault = fonts.ui;
    io.FontGlobalScale = 1.0f / dpr;
    io.Fonts->Build();
    platform().fonts = fonts;
}

const char* cursorCss(ImGuiMouseCursor cursor) {
    switch (cursor) {
    case ImGuiMouseCursor_TextInput: return "text";
    case ImGuiMouseCursor_Hand: return "pointer";
    case ImGuiMouseCursor_ResizeEW: return "ew-resize";
    case ImGuiMouseCursor_ResizeNS: return "ns-resize";
    case ImGuiMouseCursor_ResizeAll: return "move";
    case ImGuiMouseCursor_ResizeNESW: return "nesw-resize";
    case ImGuiMouseCursor_ResizeNWSE: return "nwse-resize";
    case ImGuiMouseCursor_NotAllowed: return "not-allowed";
    case ImGuiMouseCursor_None: return "none";
    default: return "default";
    }
}

}  // namespace

bool WebPlatform::anyInputHeld() const {
    for (int key = ImGuiKey_Tab; key <= ImGuiKey_KeypadEqual; ++key) {
        if (key >= ImGuiKey_LeftCtrl && key <= ImGuiKey_RightSuper) continue;   // modifiers do not repeat
        if (ImGui::IsKeyDown(static_cast<ImGuiKey>(key))) return true;
    }
    const ImGuiIO& io = ImGui::GetIO();
    for (bool down : io.MouseDown)
        if (down) return true;
    return false;
}

void WebPlatform::requestFrames(int count) {
    if (count > framesWanted) framesWanted = count;
    pgplay_js_request_frame();
}

void WebPlatform::drawFrame() {
    if (!app) return;
    ImGuiIO& io = ImGui::GetIO();
    if (fontScaleDirty) {
        buildFonts(dpr);
        renderer->uploadFontAtlas();
        app->setFonts(fonts);
        fontScaleDirty = false;
    }
    bool changed = database->drain();

    double now = emscripten_get_now() / 1000.0;
    io.DeltaTime = lastFrameTime > 0 ? static_cast<float>(std::max(now - lastFrameTime, 1e-4)) : 1.0f / 60.0f;
    // After an idle pause, a huge DeltaTime would make ImGui think keys were held down for ages.
    if (io.DeltaTime > 0.25f) io.DeltaTime = 1.0f / 60.0f;
    lastFrameTime = now;

    ImGui::NewFrame();
    app->frame();
    ImGui::Render();
    renderer->render(ImGui::GetDrawData(), framebufferWidth, framebufferHeight);

    ImGuiMouseCursor cursor = io.MouseDrawCursor ? ImGuiMouseCursor_None : ImGui::GetMouseCursor();
    if (cursor != lastCursor) {
        pgplay_js_set_cursor(cursorCss(cursor));
        lastCursor = cursor;
    }

    if (framesWanted > 0) --framesWanted;
    // ImGui repeats a held key (Backspace, arrows) and tracks drags by frame time: keep drawing
    // while a key or mouse button is down.
    if (anyInputHeld()) framesWanted = std::max(framesWanted, 1);
    // ImGui applies queued input a little per frame (key down, then its character, then key up,
    // so fast typing is never merged away); keep drawing until the queue is empty.
    if (!ImGui::GetCurrentContext()->InputEventsQueue.empty()) framesWanted = std::max(framesWanted, 1);
    if (changed) framesWanted = std::max(framesWanted, 2);
    if (framesWanted > 0) {
        pgplay_js_request_frame();
    } else if (int ms = app->nextRedrawInMs(); ms >= 0) {
        pgplay_js_request_frame_after(ms);   // spinners and timers at their own pace, not 60 fps
    }
}

}  // namespace pgplay

using pgplay::platform;

extern "C" {

// The page hands over font files before pgplay_start (both optional).
EMSCRIPTEN_KEEPALIVE void pgplay_set_font(int which, const char* data, int size) {
    auto& target = which == 0 ? pgplay::g_uiFont : pgplay::g_monoFont;
    target.bytes.assign(data, data + size);
}

// Starts the UI on the canvas with the given CSS selector. flags: 1 = embed chrome, 2 = run the
// initial SQL once the database is ready. Returns 0 on success, 1 without WebGL2.
EMSCRIPTEN_KEEPALIVE int pgplay_start(const char* canvasSelector, float cssWidth, float cssHeight, float dpr,
                                      const char* initialSql, int flags) {
    auto& p = platform();
    p.dpr = dpr > 0 ? dpr : 1.0f;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;   // layout is code, not a file in the browser's MEMFS
    io.ConfigInputTextCursorBlink = false;   // a blinking caret would need 2 frames a second forever
    io.ConfigMacOSXBehaviors = pgplay_js_is_mac() != 0;
    io.BackendPlatformName = "pgplay_web";
    io.BackendRendererName = "pgplay_webgl2";
    io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    io.SetClipboardTextFn = [](void*, const char* text) {
        platform().clipboard = text ? text : "";
        pgplay_js_set_clipboard(platform().clipboard.c_str());
    };
    io.GetClipboardTextFn = [](void*) -> const char* { return platform().clipboard.c_str(); };

    p.renderer = std::make_unique<pgplay::WebGlRenderer>();
    if (!p.renderer->init(canvasSelector)) return 1;
    p.resize(cssWidth, cssHeight, p.dpr);
    pgplay::buildFonts(p.dpr);
    p.renderer->uploadFontAtlas();
    p.fontScaleDirty = false;

    p.database = std::make_unique<pgplay::WorkerDatabase>();
    pgplay::AppOptions options;
    options.initialSql = initialSql ? initialSql : "";
    options.embed = (flags & 1) != 0;
    options.runInitialSql = (flags & 2) != 0;
    p.app = std::make_unique<pgplay::App>(*p.database, p.fonts, options);
    p.app->onApiResult = [](double apiId, const std::string& json) { pgplay_js_api_resolve(apiId, json.c_str()); };
    p.app->onReady = [] { pgplay_js_api_ready(); };
    p.app->onSaveProgress = [](const std::string& json) { pgplay_js_save_progress(json.c_str()); };
    p.app->onExportProgress = [](const std::string& json) { pgplay_js_export_progress(json.c_str()); };
    p.app->onImportProgress = [] { pgplay_js_import_progress(); };
    p.requestFrames(3);
    return 0;
}

EMSCRIPTEN_KEEPALIVE void pgplay_frame() { platform().drawFrame(); }

}  // extern "C"
