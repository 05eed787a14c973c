// Demo shop behaviour: a tiny cart kept in localStorage and reported to Touchpoint.
(function () {
  var KEY = "demo-cart";
  function load() { try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; } }
  function save(items) {
    localStorage.setItem(KEY, JSON.stringify(items));
    var value = items.reduce(function (sum, item) { return sum + item.price; }, 0);
    window.touchpoint("cart", { items: items.length, value: value, currency: "EUR" });
    render(items);
  }
  function render(items) {
    var count = document.getElementById("cart-count");
    if (count) count.textContent = String(items.length);
    var list = document.getElementById("cart-items");
    if (!list) return;
    list.replaceChildren();
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item.name + " — €" + item.price;
      list.appendChild(li);
    });
  }
  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add]");
    if (add) save(load().concat([{ name: add.dataset.add, price: Number(add.dataset.price) }]));
    if (event.target.id === "clear-cart") save([]);
  });
  var page = document.body.dataset.page;
  if (page === "thanks") { localStorage.removeItem(KEY); window.touchpoint("purchase"); }
  render(load());
  if (page === "cart" || page === "checkout") save(load());
})();
