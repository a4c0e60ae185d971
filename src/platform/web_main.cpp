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
#include <vector>

#include "imgui.h"
#include "imgui_internal.h"
#include "platform/js_bridge.h"
#include "platform/web_platform.h"
#include "platform/webgl_renderer.h"
#include "platform/worker_database.h"
#include "ui/app.h"
#include "ui/glyph_coverage.h"

namespace pgplay {

WebPlatform& platform() {
    static WebPlatform instance;
    return instance;
}

namespace {

// Font files handed over by the page: the UI and code fonts before start, the fallback fonts
// (CJK, symbols and emoji) later, only when text needs them.
struct FontFile {
    std::string bytes;
};
FontFile g_fonts[4];   // 0 ui, 1 mono, 2 CJK fallback, 3 symbols fallback
bool g_fallbackRequested = false;
std::vector<ImWchar> g_extraRanges;   // must outlive the atlas build (ImGui keeps the pointer)

constexpr float kUiFontSize = 15.0f;
constexpr float kMonoFontSize = 14.5f;

// Adds one font and merges the fallback fonts into it for the extra characters text needed.
ImFont* addFontWithFallbacks(const FontFile& file, float size) {
    ImGuiIO& io = ImGui::GetIO();
    if (file.bytes.empty()) return nullptr;
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;
    config.OversampleH = 2;
    config.OversampleV = 1;
    const ImWchar* builtIn = reinterpret_cast<const ImWchar*>(GlyphCoverage::builtInRanges());
    ImFont* font = io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(file.bytes.data()), (int)file.bytes.size(), size,
                                                  &config, builtIn);
    if (g_extraRanges.size() > 1) {
        for (int i = 2; i <= 3; ++i) {
            if (g_fonts[i].bytes.empty()) continue;
            ImFontConfig merge = config;
            merge.MergeMode = true;   // the first font that has a glyph provides it
            merge.OversampleH = 1;
            io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(g_fonts[i].bytes.data()), (int)g_fonts[i].bytes.size(),
                                           size, &merge, g_extraRanges.data());
        }
    }
    return font;
}

// Rasterizes the fonts for the current device pixel ratio, so text stays crisp on high-DPI
// screens: glyphs are drawn at size * dpr and scaled back by FontGlobalScale.
void buildFonts(float dpr, const GlyphCoverage* glyphs) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    g_extraRanges.clear();
    if (glyphs)
        for (uint32_t v : glyphs->ranges()) g_extraRanges.push_back(static_cast<ImWchar>(v));
    Fonts fonts;
    fonts.ui = addFontWithFallbacks(g_fonts[0], std::round(kUiFontSize * dpr));
    fonts.mono = addFontWithFallbacks(g_fonts[1], std::round(kMonoFontSize * dpr));
    if (!fonts.ui || !fonts.mono) {
        // The font files did not arrive: ImGui's built-in font keeps the UI usable.
        ImFontConfig builtin;
        builtin.SizePixels = std::round(13.0f * dpr);
        ImFont* fallback = io.Fonts->AddFontDefault(&builtin);
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
        buildFonts(dpr, &app->glyphs());
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
    if (app->takeGlyphRequest()) {
        // New characters to draw: fetch the fallback fonts once, or rebuild with them.
        if (!g_fallbackRequested) {
            g_fallbackRequested = true;
            pgplay_js_request_fallback_fonts();
        } else if (!g_fonts[2].bytes.empty() || !g_fonts[3].bytes.empty()) {
            fontScaleDirty = true;
            framesWanted = std::max(framesWanted, 2);
        }
    }
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
// which: 0 UI, 1 code (before pgplay_start), 2 CJK fallback, 3 symbols fallback (on request).
EMSCRIPTEN_KEEPALIVE void pgplay_set_font(int which, const char* data, int size) {
    if (which < 0 || which > 3 || !data || size <= 0) return;
    pgplay::g_fonts[which].bytes.assign(data, data + size);
}

// The fallback fonts asked for by pgplay_js_request_fallback_fonts have arrived (or failed).
EMSCRIPTEN_KEEPALIVE void pgplay_fallback_fonts_arrived() {
    platform().fontScaleDirty = true;
    platform().requestFrames(2);
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
    pgplay::buildFonts(p.dpr, nullptr);
    p.renderer->uploadFontAtlas();
    p.fontScaleDirty = false;

    p.database = std::make_unique<pgplay::WorkerDatabase>();
    pgplay::AppOptions options;
    options.initialSql = initialSql ? initialSql : "";
    options.embed = (flags & 1) != 0;
    options.runInitialSql = (flags & 2) != 0;
    p.app = std::make_unique<pgplay::App>(*p.database, p.fonts, options);
    pgplay::Playground& model = p.app->playground();
    model.onApiResult = [](double apiId, const std::string& json) { pgplay_js_api_resolve(apiId, json.c_str()); };
    model.onReady = [] { pgplay_js_api_ready(); };
    model.onSaveProgress = [](const std::string& json) { pgplay_js_save_progress(json.c_str()); };
    model.onExportProgress = [](const std::string& json) { pgplay_js_export_progress(json.c_str()); };
    model.onImportProgress = [] { pgplay_js_import_progress(); };
    p.requestFrames(3);
    return 0;
}

EMSCRIPTEN_KEEPALIVE void pgplay_frame() { platform().drawFrame(); }

}  // extern "C"
