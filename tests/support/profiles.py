"""Profiles the checker tests share: an English and a Spanish target, a sender."""

from __future__ import annotations

from composer.profile import Education, Experience, Post, Profile


def priya() -> Profile:
    return Profile(
        name="Priya Shah",
        headline="Engineering Manager at Northwind",
        about="I lead platform teams and write about moving from engineer to manager.",
        location="London, UK",
        language="en",
        photo=True,
        industry="Software Development",
        experience=[Experience("Engineering Manager", "Northwind", current=True)],
        education=[Education("Imperial College London", "MEng Computing")],
        skills=["Engineering management", "Platform teams"],
        groups=["Women in Tech London"],
        recent_posts=[Post("What I learned moving from engineer to manager")],
        mutual_connections=["Marcus Lee"],
    )


def lucia() -> Profile:
    return Profile(
        name="Lucía Fernández",
        headline="Head of Product en Glovo",
        about="Producto, marketplaces y equipos remotos que aprenden rápido.",
        location="Madrid, España",
        language="es",
        photo=True,
        industry="Tecnología",
        experience=[Experience("Head of Product", "Glovo", current=True)],
        education=[Education("Universidad Complutense de Madrid", "Ingeniería Informática")],
        skills=["Gestión de producto", "Marketplaces"],
        groups=["Meetup de Producto Madrid"],
        recent_posts=[Post("Cómo trabajar con equipos remotos sin perder velocidad")],
        mutual_connections=["Carmen Ruiz"],
    )


def sam() -> Profile:
    return Profile(
        name="Sam Lee",
        headline="Backend lead at Acme",
        about="Backend engineer moving into engineering management.",
        location="Madrid",
        language="en",
        photo=True,
        industry="Software Development",
        experience=[Experience("Backend Lead", "Acme", current=True)],
        skills=["Go", "Distributed systems"],
    )
