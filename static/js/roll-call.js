// A roll-call's counts as the secretary fills it in, and the chair's casting
// vote offered when the votes are tied. Without script the counts are shown
// after saving and the casting vote is always offered.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-roll-call]").forEach(function (vote) {
    var output = vote.querySelector("[data-roll-call-counts]");
    var casting = vote.querySelector("[data-casting-vote]");
    function update() {
      var counts = { yes: 0, no: 0, abstain: 0 };
      vote.querySelectorAll(".roll-call input[type=radio]:checked").forEach(function (radio) {
        if (radio.value in counts) {
          counts[radio.value] += 1;
        }
      });
      var kind = vote.querySelector("input[name$='-kind']:checked");
      var open = !kind || kind.value === "roll_call";
      if (output) {
        output.textContent = output.dataset.template
          .replace("{yes}", counts.yes).replace("{no}", counts.no).replace("{abstain}", counts.abstain);
      }
      if (casting) {
        var select = casting.querySelector("select");
        var tied = open && counts.yes > 0 && counts.yes === counts.no;
        casting.hidden = !(tied || (select && select.value) || casting.querySelector(".is-invalid"));
      }
    }
    vote.addEventListener("change", update);
    update();
  });
});
