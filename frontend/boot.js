// Loads the app: the wasm module's URL is passed explicitly because both files carry content hashes.
import init from "/pkg/{{JS}}";

init({ module_or_path: "/pkg/{{WASM}}" }).catch((err) => {
  console.error(err);
  const el = document.getElementById("boot");
  if (el) {
    el.textContent = "系统加载失败，请刷新页面重试。";
    el.setAttribute("role", "alert");
  }
});
