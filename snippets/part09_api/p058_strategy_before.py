"""P058 before: every promotion is one more branch inside the checkout function.

The pricing rule is picked by comparing strings inside `total`, on every call.
A name that matches no branch falls through to the full price, so a typo in
the configuration is not an error: it is a customer who loses a discount.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

Cart = list[tuple[str, Decimal, int]]  # (sku, unit price, quantity)


def total(cart: Cart, pricing: str) -> Decimal:
    subtotal = sum((price * qty for _, price, qty in cart), Decimal(0))
    discount = Decimal(0)
    if pricing == "staff":
        discount = subtotal * Decimal("0.20")
    elif pricing == "wholesale":
        items = sum(qty for _, _, qty in cart)
        if items >= 50:
            discount = subtotal * Decimal("0.10")
        elif items >= 10:
            discount = subtotal * Decimal("0.05")
    # Each new promotion is another elif here, in the checkout team's code.
    return (subtotal - discount.quantize(Decimal("0.01"), ROUND_HALF_UP)).quantize(Decimal("0.01"))


def main() -> None:
    cart: Cart = [("tea", Decimal("4.50"), 8), ("mug", Decimal("12.00"), 2)]
    settings = {"pricing": "wholesail"}  # a typo in a config file
    print("configured wholesale:", total(cart, "wholesale"))
    #> configured wholesale: 57.00
    print("configured with a typo:", total(cart, settings["pricing"]))
    #> configured with a typo: 60.00


if __name__ == "__main__":
    main()
