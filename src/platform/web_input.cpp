// Input from the page into ImGui. The page listens on the canvas (web/pointer.js: pointer,
// wheel) and on a hidden <textarea> that holds keyboard focus (web/keyboard.js: keys, text, IME
// composition, clipboard events), and calls these functions. Listening on the textarea, not on
// window, means keys typed elsewhere on the page (an embedding blog, a search box) are never
// taken.
#include <emscripten.h>

#include <cfloat>
#include <cstdlib>
#include <string>
#include <string_view>

#include "imgui.h"
#include "platform/web_platform.h"
#include "ui/completion_popup.h"

namespace pgplay {
namespace {

// KeyboardEvent.code (the physical key) -> ImGuiKey. Letters by physical key keep shortcuts
// like Ctrl+A on the same key on every layout, as desktop apps do.
ImGuiKey keyFromCode(std::string_view code) {
    if (code.size() == 4 && code.substr(0, 3) == "Key" && code[3] >= 'A' && code[3] <= 'Z')
        return static_cast<ImGuiKey>(ImGuiKey_A + (code[3] - 'A'));
    if (code.size() == 6 && code.substr(0, 5) == "Digit" && code[5] >= '0' && code[5] <= '9')
        return static_cast<ImGuiKey>(ImGuiKey_0 + (code[5] - '0'));
    if (code.size() >= 2 && code[0] == 'F' && code.size() <= 3) {
        int n = std::atoi(std::string(code.substr(1)).c_str());
        if (n >= 1 && n <= 12) return static_cast<ImGuiKey>(ImGuiKey_F1 + n - 1);
    }
    struct Entry { const char* code; ImGuiKey key; };
    static const Entry table[] = {
        {"Tab", ImGuiKey_Tab}, {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
        {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
        {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End},
        {"Insert", ImGuiKey_Insert}, {"Delete", ImGuiKey_Delete}, {"Backspace", ImGuiKey_Backspace},
        {"Space", ImGuiKey_Space}, {"Enter", ImGuiKey_Enter}, {"NumpadEnter", ImGuiKey_KeypadEnter},
        {"Escape", ImGuiKey_Escape}, {"ControlLeft", ImGuiKey_LeftCtrl}, {"ControlRight", ImGuiKey_RightCtrl},
        {"ShiftLeft", ImGuiKey_LeftShift}, {"ShiftRight", ImGuiKey_RightShift}, {"AltLeft", ImGuiKey_LeftAlt},
        {"AltRight", ImGuiKey_RightAlt}, {"MetaLeft", ImGuiKey_LeftSuper}, {"MetaRight", ImGuiKey_RightSuper},
        {"Quote", ImGuiKey_Apostrophe}, {"Comma", ImGuiKey_Comma}, {"Minus", ImGuiKey_Minus},
        {"Period", ImGuiKey_Period}, {"Slash", ImGuiKey_Slash}, {"Semicolon", ImGuiKey_Semicolon},
        {"Equal", ImGuiKey_Equal}, {"BracketLeft", ImGuiKey_LeftBracket}, {"Backslash", ImGuiKey_Backslash},
        {"BracketRight", ImGuiKey_RightBracket}, {"Backquote", ImGuiKey_GraveAccent},
    };
    for (const Entry& e : table)
        if (code == e.code) return e.key;
    return ImGuiKey_None;
}

}  // namespace
}  // namespace pgplay

using pgplay::platform;

extern "C" {

EMSCRIPTEN_KEEPALIVE void pgplay_input_mouse_pos(float x, float y) {
    ImGui::GetIO().AddMousePosEvent(x, y);
    platform().requestFrames(2);
}

EMSCRIPTEN_KEEPALIVE void pgplay_input_mouse_leave() {
    ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    platform().requestFrames(2);
}

// button: 0 left, 1 right, 2 middle (ImGui's order, converted by the page).
EMSCRIPTEN_KEEPALIVE void pgplay_input_mouse_button(int button, int down) {
    if (button < 0 || button >= ImGuiMouseButton_COUNT) return;
    ImGui::GetIO().AddMouseButtonEvent(button, down != 0);
    platform().requestFrames(3);
}

// Wheel in ImGui units (one notch = 1), positive dy scrolls up, as ImGui expects.
EMSCRIPTEN_KEEPALIVE void pgplay_input_wheel(float dx, float dy) {
    ImGui::GetIO().AddMouseWheelEvent(dx, dy);
    platform().requestFrames(3);
}

EMSCRIPTEN_KEEPALIVE void pgplay_input_key(const char* code, int down, int ctrl, int shift, int alt, int meta) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, ctrl != 0);
    io.AddKeyEvent(ImGuiMod_Shift, shift != 0);
    io.AddKeyEvent(ImGuiMod_Alt, alt != 0);
    io.AddKeyEvent(ImGuiMod_Super, meta != 0);
    ImGuiKey key = pgplay::keyFromCode(code ? code : "");
    if (key != ImGuiKey_None) io.AddKeyEvent(key, down != 0);
    platform().requestFrames(3);
}

EMSCRIPTEN_KEEPALIVE void pgplay_input_text(const char* utf8) {
    if (!utf8) return;
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    platform().requestFrames(3);
}

// Text pasted into the page: remember it as the clipboard and press Ctrl+V (Cmd+V) for ImGui,
// which then asks GetClipboardTextFn for it.
EMSCRIPTEN_KEEPALIVE void pgplay_input_paste(const char* utf8) {
    ImGuiIO& io = ImGui::GetIO();
    platform().clipboard = utf8 ? utf8 : "";
    ImGuiKey mod = io.ConfigMacOSXBehaviors ? ImGuiMod_Super : ImGuiMod_Ctrl;
    io.AddKeyEvent(mod, true);
    io.AddKeyEvent(ImGuiKey_V, true);
    io.AddKeyEvent(ImGuiKey_V, false);
    io.AddKeyEvent(mod, false);
    platform().requestFrames(3);
}

// 1 while a text field (the editor, a search box) has ImGui's keyboard focus: a tap there opens a
// phone's on-screen keyboard, a tap elsewhere closes it (web/pointer.js).
EMSCRIPTEN_KEEPALIVE int pgplay_wants_text_input() { return ImGui::GetIO().WantTextInput ? 1 : 0; }
// An Escape that closes the editor's completion list is not the first half of Escape-then-Tab.
EMSCRIPTEN_KEEPALIVE int pgplay_completion_open() { return pgplay::CompletionPopup::anyOpen() ? 1 : 0; }

EMSCRIPTEN_KEEPALIVE void pgplay_input_focus(int focused) {
    ImGui::GetIO().AddFocusEvent(focused != 0);
    platform().requestFrames(2);
}

EMSCRIPTEN_KEEPALIVE void pgplay_resize(float cssWidth, float cssHeight, float dpr) {
    platform().resize(cssWidth, cssHeight, dpr);
    platform().requestFrames(2);
}

}  // extern "C"

namespace pgplay {

void WebPlatform::resize(float cssWidth, float cssHeight, float devicePixelRatio) {
    if (devicePixelRatio <= 0) devicePixelRatio = 1;
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(cssWidth, cssHeight);
    io.DisplayFramebufferScale = ImVec2(devicePixelRatio, devicePixelRatio);
    framebufferWidth = static_cast<int>(cssWidth * devicePixelRatio + 0.5f);
    framebufferHeight = static_cast<int>(cssHeight * devicePixelRatio + 0.5f);
    if (devicePixelRatio != dpr) {
        dpr = devicePixelRatio;
        fontScaleDirty = true;   // rebuilt at the start of the next frame, never mid-frame
    }
}

}  // namespace pgplay
