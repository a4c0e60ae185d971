// The web platform's state, in one struct (not loose globals): what the page told us about the
// canvas, the renderer, the database worker, the app, the fonts, and the frame scheduling.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "imgui.h"
#include "platform/webgl_renderer.h"
#include "core/restartable_database.h"
#include "platform/worker_transport.h"
#include "ui/app.h"

namespace pgplay {

class GlyphCoverage;

struct WebPlatform {
    std::unique_ptr<WebGlRenderer> renderer;
    // One PGlite worker per DatabaseChannel (the sandbox, the races', the lessons'), indexed by it.
    struct DatabaseWorker {
        std::unique_ptr<WorkerTransport> transport;
        std::unique_ptr<RestartableDatabase> database;
    };
    DatabaseWorker databases[kDatabaseChannels];
    std::unique_ptr<App> app;
    Fonts fonts;

    // Font files handed over by the page: the UI and code fonts before start, the fallback fonts
    // (CJK, symbols and emoji) later, only when text needs them.
    enum FontSlot { UiFont, MonoFont, CjkFallback, SymbolsFallback, FontSlotCount };
    std::string fontFiles[FontSlotCount];
    bool fallbackFontsRequested = false;
    std::vector<ImWchar> extraGlyphRanges;   // must outlive the atlas build (ImGui keeps the pointer)

    float dpr = 1.0f;
    int framebufferWidth = 0, framebufferHeight = 0;
    bool fontScaleDirty = false;

    std::string clipboard;   // the last text copied or pasted (ImGui reads paste text from here)
    int framesWanted = 0;    // frames still to draw after the last event
    double lastFrameTime = 0;
    ImGuiMouseCursor lastCursor = ImGuiMouseCursor_Arrow;

    RestartableDatabase* databaseFor(int channel) {
        return channel >= 0 && channel < kDatabaseChannels ? databases[channel].database.get() : nullptr;
    }
    RestartableDatabase& databaseFor(DatabaseChannel channel) { return *databaseFor(static_cast<int>(channel)); }
    void requestFrames(int count);
    // A database's news handled now, not at the next frame: the browser gives a page or frame
    // out of view no animation frames, and an embed below the fold must still tell its page it
    // is ready and answer what the page asks.
    void followDatabase(RestartableDatabase& db);
    bool anyInputHeld() const;   // a key (not a modifier) or mouse button is down
    void drawFrame();
    void buildFonts(const GlyphCoverage* glyphs);   // for the current dpr, with the fallbacks text needs
    void resize(float cssWidth, float cssHeight, float devicePixelRatio);
};

WebPlatform& platform();

}  // namespace pgplay
