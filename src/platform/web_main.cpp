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
#include "ui/app.h"
#include "ui/glyph_coverage.h"

namespace pgplay {

WebPlatform& platform() {
    static WebPlatform instance;
    return instance;
}

namespace {

constexpr float kUiFontSize = 15.0f;
constexpr float kMonoFontSize = 14.5f;

// Adds one font and merges the fallback fonts into it for the extra characters text needed.
ImFont* addFontWithFallbacks(WebPlatform& p, const std::string& file, float size) {
    ImGuiIO& io = ImGui::GetIO();
    if (file.empty()) return nullptr;
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;
    config.OversampleH = 2;
    config.OversampleV = 1;
    const ImWchar* builtIn = reinterpret_cast<const ImWchar*>(GlyphCoverage::builtInRanges());
    ImFont* font = io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(file.data()), (int)file.size(), size, &config,
                                                  builtIn);
    if (p.extraGlyphRanges.size() > 1) {
        for (int slot : {WebPlatform::CjkFallback, WebPlatform::SymbolsFallback}) {
            const std::string& fallback = p.fontFiles[slot];
            if (fallback.empty()) continue;
            ImFontConfig merge = config;
            merge.MergeMode = true;   // the first font that has a glyph provides it
            merge.OversampleH = 1;
            io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(fallback.data()), (int)fallback.size(), size, &merge,
                                           p.extraGlyphRanges.data());
        }
    }
    return font;
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

// Rasterizes the fonts for the current device pixel ratio, so text stays crisp on high-DPI
// screens: glyphs are drawn at size * dpr and scaled back by FontGlobalScale.
void WebPlatform::buildFonts(const GlyphCoverage* glyphs) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    extraGlyphRanges.clear();
    if (glyphs)
        for (uint32_t v : glyphs->ranges()) extraGlyphRanges.push_back(static_cast<ImWchar>(v));
    Fonts built;
    built.ui = addFontWithFallbacks(*this, fontFiles[UiFont], std::round(kUiFontSize * dpr));
    built.mono = addFontWithFallbacks(*this, fontFiles[MonoFont], std::round(kMonoFontSize * dpr));
    if (!built.ui || !built.mono) {
        // The font files did not arrive: ImGui's built-in font keeps the UI usable.
        ImFontConfig builtin;
        builtin.SizePixels = std::round(13.0f * dpr);
        ImFont* fallback = io.Fonts->AddFontDefault(&builtin);
        if (!built.ui) built.ui = fallback;
        if (!built.mono) built.mono = fallback;
    }
    io.FontDefault = built.ui;
    io.FontGlobalScale = 1.0f / dpr;
    io.Fonts->Build();
    fonts = built;
}

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

void WebPlatform::followDatabase(RestartableDatabase& db) {
    db.drain();
    if (app) app->playground().poll();   // model work only: ready, the first-run query
}

void WebPlatform::drawFrame() {
    if (!app) return;
    ImGuiIO& io = ImGui::GetIO();
    if (fontScaleDirty) {
        buildFonts(&app->glyphs());
        renderer->uploadFontAtlas();
        app->setFonts(fonts);
        fontScaleDirty = false;
    }
    bool changed = false;
    for (DatabaseWorker& worker : databases) changed = worker.database->drain() || changed;

    double now = emscripten_get_now() / 1000.0;
    io.DeltaTime = lastFrameTime > 0 ? static_cast<float>(std::max(now - lastFrameTime, 1e-4)) : 1.0f / 60.0f;
    // After an idle pause, a huge DeltaTime would make ImGui think keys were held down for ages.
    if (io.DeltaTime > 0.25f) io.DeltaTime = 1.0f / 60.0f;
    lastFrameTime = now;

    // Input consumed in this frame shows its effect one or two frames later (a tab clicked now is
    // selected in the next frame, its contents in the one after): keep drawing that long. The
    // queue trickles one event kind per frame, so counting from the call that queued it is not
    // enough.
    const bool inputThisFrame = !ImGui::GetCurrentContext()->InputEventsQueue.empty();
    ImGui::NewFrame();
    app->frame();
    ImGui::Render();
    if (app->takeGlyphRequest()) {
        // New characters to draw: fetch the fallback fonts once, or rebuild with them.
        if (!fallbackFontsRequested) {
            fallbackFontsRequested = true;
            pgplay_js_request_fallback_fonts();
        } else if (!fontFiles[CjkFallback].empty() || !fontFiles[SymbolsFallback].empty()) {
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
    if (changed || inputThisFrame) framesWanted = std::max(framesWanted, 2);
    if (framesWanted > 0) {
        pgplay_js_request_frame();
    } else {
        // Spinners and timers at their own pace, not 60 fps; and the database's watchdog, which
        // must look at a query that outlives its time limit even when nothing else moves.
        int ms = app->nextRedrawInMs();
        for (DatabaseWorker& worker : databases)
            if (int deadline = worker.database->msUntilDeadline(); deadline >= 0)
                ms = ms < 0 ? deadline : std::min(ms, deadline);
        if (ms >= 0) pgplay_js_request_frame_after(ms);
    }
}

}  // namespace pgplay

using pgplay::platform;

extern "C" {

// The page hands over font files before pgplay_start (both optional).
// which: 0 UI, 1 code (before pgplay_start), 2 CJK fallback, 3 symbols fallback (on request).
EMSCRIPTEN_KEEPALIVE void pgplay_set_font(int which, const char* data, int size) {
    if (which < 0 || which >= pgplay::WebPlatform::FontSlotCount || !data || size <= 0) return;
    platform().fontFiles[which].assign(data, data + size);
}

// The fallback fonts asked for by pgplay_js_request_fallback_fonts have arrived (or failed).
EMSCRIPTEN_KEEPALIVE void pgplay_fallback_fonts_arrived() {
    platform().fontScaleDirty = true;
    platform().requestFrames(2);
}

// Starts the UI on the canvas with the given CSS selector. flags: 1 = embed chrome, 2 = run the
// initial SQL once the database is ready, 4 = light colours, 8 = reduced motion. setupSql: an
// embed's setup script ("" when none). Returns 0 on success, 1 without WebGL2, 2 when the
// browser does not accept the shader program (web/main.js says which in words).
EMSCRIPTEN_KEEPALIVE int pgplay_start(const char* canvasSelector, float cssWidth, float cssHeight, float dpr,
                                      const char* initialSql, int flags, const char* setupSql) {
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
    // The editor reports its caret here (InputTextMultiline, at the end of a frame in which it
    // moved): the page puts its hidden text area there, so an IME's candidate window opens
    // next to the text being typed instead of at the page's top-left corner.
    io.SetPlatformImeDataFn = [](ImGuiViewport*, ImGuiPlatformImeData* data) {
        if (data && data->WantVisible)
            pgplay_js_set_text_input_position(data->InputPos.x, data->InputPos.y, data->InputLineHeight);
    };

    p.renderer = std::make_unique<pgplay::WebGlRenderer>();
    switch (p.renderer->init(canvasSelector)) {
    case pgplay::WebGlRenderer::Init::Ok: break;
    case pgplay::WebGlRenderer::Init::NoWebGl2: return 1;
    case pgplay::WebGlRenderer::Init::ShaderFailed: return 2;
    }
    p.resize(cssWidth, cssHeight, p.dpr);
    p.buildFonts(nullptr);
    p.renderer->uploadFontAtlas();
    p.fontScaleDirty = false;

    // The sandbox's worker was started by the page with the UI; the races' and the lessons'
    // start when first used, so a learner who never opens one never pays for another PostgreSQL.
    for (int channel = 0; channel < pgplay::kDatabaseChannels; ++channel) {
        auto& worker = p.databases[channel];
        worker.transport = std::make_unique<pgplay::WorkerTransport>(static_cast<pgplay::DatabaseChannel>(channel));
        worker.database = std::make_unique<pgplay::RestartableDatabase>(*worker.transport, [] { return emscripten_get_now(); });
        worker.database->onWake = [] {
            pgplay_js_request_drain();   // sent at once
            pgplay_js_request_frame();   // and the screen shows it is running
        };
    }
    pgplay::AppOptions options;
    options.initialSql = initialSql ? initialSql : "";
    options.embed = (flags & 1) != 0;
    options.runInitialSql = (flags & 2) != 0;
    options.setupSql = setupSql && options.embed ? setupSql : "";
    auto start = [](pgplay::DatabaseChannel channel) {
        return [channel] { platform().databases[static_cast<int>(channel)].transport->start(); };
    };
    // An embed's lessons run on its one database: it is its own anyway, and a page with three
    // embeds should not start six PostgreSQLs.
    pgplay::Database& sandbox = p.databaseFor(pgplay::DatabaseChannel::Sandbox);
    pgplay::PlaygroundDatabases databases{
        sandbox, options.embed ? sandbox : p.databaseFor(pgplay::DatabaseChannel::Lessons),
        options.embed ? std::function<void()>() : start(pgplay::DatabaseChannel::Lessons)};
    pgplay::SandboxFileActions sandboxFiles{
        [] { pgplay_js_sandbox_download(); }, [] { pgplay_js_sandbox_pick_file(); },
        [](pgplay::NewContents contents, const std::string& label) {
            platform().databaseFor(pgplay::DatabaseChannel::Sandbox).replace(contents, label);
        }};
    p.app = std::make_unique<pgplay::App>(std::move(databases), p.databaseFor(pgplay::DatabaseChannel::Races),
                                          start(pgplay::DatabaseChannel::Races), std::move(sandboxFiles), p.fonts,
                                          options);
    pgplay::Playground& model = p.app->playground();
    model.onApiResult = [](double apiId, const std::string& json) { pgplay_js_api_resolve(apiId, json.c_str()); };
    model.onReady = [] { pgplay_js_api_ready(); };
    p.app->onEmbedHeight = [](int height) { pgplay_js_embed_height(height); };
    p.app->onAccessibleText = [](const std::string& json) { pgplay_js_accessible_text(json.c_str()); };
    p.app->onShare = [](const std::string& payload, bool openFullSize) {
        pgplay_js_share(payload.c_str(), openFullSize ? 1 : 0);
    };
    model.onSaveProgress = [](const std::string& json) { pgplay_js_save_progress(json.c_str()); };
    model.onExportProgress = [](const std::string& json) { pgplay_js_export_progress(json.c_str()); };
    model.onImportProgress = [] { pgplay_js_import_progress(); };
    model.onScriptsChanged = [] { pgplay_js_scripts_changed(); };
    model.onDownloadScript = [](const std::string& name, const std::string& text) {
        pgplay_js_download_script(name.c_str(), text.c_str());
    };
    model.onPickScriptFile = [] { pgplay_js_pick_script_file(); };
    p.app->setAppearance((flags & 4) != 0, (flags & 8) != 0);
    p.requestFrames(3);
    return 0;
}

// The reader changed prefers-color-scheme or prefers-reduced-motion while the page was open.
EMSCRIPTEN_KEEPALIVE void pgplay_set_appearance(int light, int reducedMotion) {
    if (!platform().app) return;
    platform().app->setAppearance(light != 0, reducedMotion != 0);
    platform().requestFrames(2);
}

EMSCRIPTEN_KEEPALIVE void pgplay_frame() { platform().drawFrame(); }

}  // extern "C"
