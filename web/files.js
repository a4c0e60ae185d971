// [SECTION] Files in and out of the page
//
// A download is an object URL clicked through a hidden link; an upload is a hidden file input.
// The input's click() needs the learner's recent gesture, which a click on the canvas gives
// (the frame that handles it runs within the browser's user-activation window).

export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// Calls onPicked(file) when the learner picks one; nothing when they cancel.
export function pickFile(accept, onPicked) {
  const picker = document.createElement('input');
  picker.type = 'file';
  picker.accept = accept;
  picker.addEventListener('change', () => {
    const file = picker.files && picker.files[0];
    if (file) onPicked(file);
  });
  picker.click();
}
