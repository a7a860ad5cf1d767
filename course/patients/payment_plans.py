"""Payment plans for lesson 06: how long a fixed monthly payment takes to clear a balance.

Money is `decimal.Decimal`, to the cent. (Splitting a balance into N equal instalments is a skill
assignment a06 grades, so it is deliberately not here.)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Plan:
    balance: Decimal
    monthly: Decimal
    payments: tuple[Decimal, ...]

    @property
    def months(self) -> int:
        return len(self.payments)

    @property
    def final_payment(self) -> Decimal:
        return self.payments[-1] if self.payments else Decimal("0.00")


def fixed_payment_plan(balance: Decimal | str | float, monthly: Decimal | str | float) -> Plan:
    """Pay `monthly` each month until the balance is cleared; the last payment is whatever is left."""
    bal = Decimal(str(balance)).quantize(CENT)
    pay = Decimal(str(monthly)).quantize(CENT)
    if bal < 0:
        raise ValueError("a balance cannot be negative")
    if pay <= 0:
        raise ValueError("the monthly payment must be more than $0.00")
    payments, left = [], bal
    while left > 0:
        payments.append(min(pay, left))
        left -= payments[-1]
    return Plan(bal, pay, tuple(payments))


def plan_summary(balance: Decimal | str | float, monthly: Decimal | str | float, max_months: int = 24) -> str:
    """One plain sentence a biller could say to the patient, with a warning past `max_months`."""
    try:
        plan = fixed_payment_plan(balance, monthly)
    except ValueError as err:
        return f"Check the numbers: {err}."
    if plan.months == 0:
        return "There is nothing to pay: the balance is $0.00."
    if plan.months == 1:
        text = f"One payment of ${plan.final_payment:,} clears the balance."
    elif plan.final_payment == plan.monthly:
        text = f"{plan.months} monthly payments of ${plan.monthly:,} clear ${plan.balance:,}."
    else:
        text = (
            f"{plan.months - 1} monthly payments of ${plan.monthly:,} and a last payment of "
            f"${plan.final_payment:,} clear ${plan.balance:,}."
        )
    if plan.months > max_months:
        text += f" That is longer than the practice's usual {max_months}-month limit: check the policy."
    return text
